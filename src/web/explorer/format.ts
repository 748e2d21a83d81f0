/**
 * Turning property maps into readable rows: humanised names, amounts with their currency, lists joined.
 */

/** One line of a properties table. */
export interface PropertyRow {
  key: string;
  label: string;
  value: string;
}

/** `expectedAmount` → `Expected amount`, `agreementType` → `Agreement type`. */
export function humanise(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 25000000000 USD → `$25,000,000,000 (25 billion USD)`; an unknown currency code is written after the number. */
export function formatAmount(amount: number, currency?: string): string {
  const compact = new Intl.NumberFormat('en', { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 2 }).format(amount);
  const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(amount);
  if (!currency) return Math.abs(amount) >= 10000 ? `${plain} (${compact})` : plain;
  let full: string;
  try {
    full = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(amount);
  } catch {
    full = `${plain} ${currency}`; // not an ISO 4217 code Intl knows
  }
  return Math.abs(amount) >= 10000 ? `${full} (${compact} ${currency})` : full;
}

/** Whether a property holds money: `amount` or any `…Amount`. */
export function isAmountKey(key: string): boolean {
  return /^amount$|Amount$/.test(key);
}

/** A property value as text: amounts with the map's `currency`, lists comma-joined, maps as JSON. */
export function formatValue(key: string, value: unknown, properties: Record<string, unknown> = {}): string {
  if (typeof value === 'number' && isAmountKey(key)) {
    return formatAmount(value, typeof properties.currency === 'string' ? properties.currency : undefined);
  }
  if (typeof value === 'number') return new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }).format(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((v) => formatValue('', v)).join(', ');
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The rows of a properties map, amounts first; `currency` is folded into the amounts it qualifies. */
export function propertyRows(properties: Record<string, unknown> | null | undefined): PropertyRow[] {
  const props = properties ?? {};
  const keys = Object.keys(props).filter((k) => props[k] !== null && props[k] !== undefined);
  const hasAmount = keys.some((k) => isAmountKey(k) && typeof props[k] === 'number');
  return keys
    .filter((k) => !(k === 'currency' && hasAmount))
    .sort((a, b) => Number(isAmountKey(b)) - Number(isAmountKey(a)))
    .map((key) => ({ key, label: humanise(key), value: formatValue(key, props[key], props) }));
}

/** A relationship type as people read it: `PARTICIPATES_IN` → `participates in`. */
export function readableType(type: string): string {
  return type.toLowerCase().replace(/_/g, ' ');
}

/** 14203 → `14 203`: digits grouped by threes with a space, as the "+ 14 203 more" node reads. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
