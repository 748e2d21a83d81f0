/** Cypher text the product writes itself: values as literals, escaped so any string stays one literal on one line. */
import type { Json } from './port';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A string as a Cypher string literal (file paths in COPY statements, values in exported scripts). */
export function cypherString(s: string): string {
  // Other control characters and the Unicode line separators become \uXXXX so every row stays on one line.
  return `'${s.replace(/[\\'\n\r\t\b\f]|[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** A value as a Cypher literal: strings quoted and escaped, integers exact, lists and maps recursive. */
export function cypherLiteral(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return cypherString(value);
  if (Array.isArray(value)) return `[${value.map(cypherLiteral).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${IDENTIFIER.test(k) ? k : `\`${k.replace(/`/g, '``')}\``}: ${cypherLiteral(v)}`)
    .join(', ')}}`;
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} as a Cypher number`);
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  // Cypher's float literal takes an exponent without "+" (1e21, 2.5e-7).
  return String(n).replace('e+', 'e');
}

/** The query with string literals, comments and backquoted names replaced by spaces (positions kept). */
export function blankLiterals(query: string): string {
  return query.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`[^`]*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
}
