/**
 * Printing results in the terminal: tables (cli-table3), JSON, CSV.
 */
import Table from 'cli-table3';
import type { Json } from '../graph/port';

export type OutputFormat = 'table' | 'json' | 'csv';

function cell(v: Json): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Renders columns and rows in the chosen format. */
export function renderRows(columns: string[], rows: Json[][], format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))), null, 2);
  if (format === 'csv') {
    const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return [columns.map(quote).join(','), ...rows.map((r) => r.map((v) => quote(cell(v))).join(','))].join('\n');
  }
  const table = new Table({ head: columns, wordWrap: true, style: { head: [], border: [] } });
  for (const r of rows) table.push(r.map((v) => cell(v)));
  return table.toString();
}

/** Renders a two-column key/count table. */
export function renderCounts(title: string, counts: Record<string, number>): string {
  const table = new Table({ head: [title, 'count'], style: { head: [], border: [] } });
  for (const [k, n] of Object.entries(counts)) table.push([k, String(n)]);
  return table.toString();
}
