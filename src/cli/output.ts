/**
 * Printing results in the terminal: tables (cli-table3) that fit the terminal's width — long cells cut with …, no
 * lines between rows, nulls shown as — — and JSON or CSV with every value whole.
 */
import Table from 'cli-table3';
import type { Json } from '../graph/port';

export type OutputFormat = 'table' | 'json' | 'csv';

/** Shown in a table for a null (an empty string stays empty). */
export const NULL_CELL = '—';

/** Borders without the lines between rows. */
const CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function cell(v: Json): string {
  if (v === null || v === undefined) return NULL_CELL;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The width tables must fit: the terminal's, else COLUMNS; a pipe or a file gets whole cells. */
export function terminalWidth(): number {
  return process.stdout.columns || Number(process.env.COLUMNS) || Number.POSITIVE_INFINITY;
}

/** `text` on one line, cut with … to at most `width` characters. */
export function cut(text: string, width: number): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
  const chars = [...line];
  return chars.length <= width ? line : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Column widths that fit `width`: the widest columns give up room first, none below 6 characters. */
function fitWidths(natural: number[], width: number): number[] {
  const widths = [...natural];
  // Each column costs its text plus a space either side and one border; the table one more border.
  const room = Math.max(widths.length * 6, width - (3 * widths.length + 1));
  while (widths.reduce((a, b) => a + b, 0) > room) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 6) break;
    widths[widest]!--;
  }
  return widths;
}

/** A table of `head` and `rows` (already strings) fitting the terminal, one line per row. */
export function renderTable(head: string[], rows: string[][], width = terminalWidth()): string {
  const natural = head.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '').replace(/\s*[\r\n]+\s*/g, ' ')].length)));
  const widths = Number.isFinite(width) ? fitWidths(natural, width) : natural;
  const table = new Table({ head: head.map((h, i) => cut(h, widths[i]!)), chars: CHARS, style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 } });
  for (const r of rows) table.push(r.map((v, i) => cut(v, widths[i]!)));
  // One rule under the header (the table draws none between rows, so none there either).
  const lines = table.toString().split('\n');
  const rule = lines[0]!.replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  return [lines[0], lines[1], rule, ...lines.slice(2)].join('\n');
}

/** Renders columns and rows in the chosen format. */
export function renderRows(columns: string[], rows: Json[][], format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))), null, 2);
  if (format === 'csv') {
    const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return [columns.map(quote).join(','), ...rows.map((r) => r.map((v) => quote(v === null ? '' : cell(v))).join(','))].join('\n');
  }
  return renderTable(columns, rows.map((r) => r.map((v) => cell(v))));
}

/** Renders a two-column key/count table. */
export function renderCounts(title: string, counts: Record<string, number>): string {
  return renderTable([title, 'count'], Object.entries(counts).map(([k, n]) => [k, String(n)]));
}
