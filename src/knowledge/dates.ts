/**
 * Time as the sources state it: dates of a day, a month or a year, spans between them, and the words used
 * ("this year"), resolved against the source's publication date only where the words allow it.
 */
import type { DatePrecision, TimeSpan } from '../graph/port';

/** What a stated date must look like, in the product's words (one home for the rule). */
export const STATED_DATE_RULE = 'must be a real date: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known (e.g. 2023-05-17)';

/** The precision a date is written at, or null when it is no real date ("2023-02-30", "2023-13", "May 2023"). */
export function datePrecision(value: string): DatePrecision | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
  if (month !== undefined && (month < 1 || month > 12)) return null;
  // Day 0 of the next month is the last day of this one (UTC, so no time zone shifts it).
  if (day !== undefined && (day < 1 || day > new Date(Date.UTC(year, month!, 0)).getUTCDate())) return null;
  return day !== undefined ? 'day' : month !== undefined ? 'month' : 'year';
}

/** The first day a date can mean ("2023" → "2023-01-01"). */
export function periodStart(value: string): string {
  const [y, m = '01', d = '01'] = value.slice(0, 10).split('-');
  return `${y}-${m}-${d}`;
}

/** The last day a date can mean ("2023-02" → "2023-02-28"). */
export function periodEnd(value: string): string {
  const [y, m, d] = value.slice(0, 10).split('-');
  if (d) return `${y}-${m}-${d}`;
  if (m) return `${y}-${m}-${String(new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate()).padStart(2, '0')}`;
  return `${y}-12-31`;
}

/** Relative words a publication date resolves, with the precision each needs and how to get there. */
const RELATIVE_WORDS: Record<string, { needs: DatePrecision; resolve: (published: Date) => string }> = {
  'this year': { needs: 'year', resolve: (p) => String(p.getUTCFullYear()) },
  'last year': { needs: 'year', resolve: (p) => String(p.getUTCFullYear() - 1) },
  'this month': { needs: 'month', resolve: (p) => p.toISOString().slice(0, 7) },
  'last month': { needs: 'month', resolve: (p) => new Date(Date.UTC(p.getUTCFullYear(), p.getUTCMonth() - 1, 1)).toISOString().slice(0, 7) },
  today: { needs: 'day', resolve: (p) => p.toISOString().slice(0, 10) },
  yesterday: { needs: 'day', resolve: (p) => new Date(p.getTime() - 86_400_000).toISOString().slice(0, 10) },
};

const RANK: Record<DatePrecision, number> = { year: 0, month: 1, day: 2 };

/**
 * The date stated words give, against the source's publication date: "this year" in a piece published on
 * 2023-05-17 is 2023. Null where the words are vague ("recently") or the source gives no date precise enough.
 */
export function resolveStatedWords(words: string, published: string | null): { date: string; precision: DatePrecision } | null {
  const rule = RELATIVE_WORDS[words.trim().toLowerCase().replace(/\s+/g, ' ')];
  if (!rule || !published) return null;
  const day = published.slice(0, 10);
  const precision = datePrecision(day);
  if (!precision || RANK[precision] < RANK[rule.needs]) return null;
  const date = rule.resolve(new Date(`${periodStart(day)}T00:00:00Z`));
  return { date, precision: rule.needs };
}

/** The time fields of a facts document record. */
export interface StatedTime {
  date?: string;
  start?: string;
  end?: string;
  precision?: DatePrecision;
  stated?: string;
}

/**
 * Checks stated time and turns it into a TimeSpan (null when none is given); problems name the field under `at`.
 * Dates must be real, `date` excludes `start`/`end`, `end` may not lie before `start`, a given precision must be
 * the one every date is written at; stated words alone are resolved against `published` where they allow it.
 */
export function statedTime(input: StatedTime, published: string | null, at: string, problems: { path: string; message: string }[]): TimeSpan | null {
  const { date, start, end, precision, stated } = input;
  if (date === undefined && start === undefined && end === undefined && stated === undefined) {
    if (precision !== undefined) problems.push({ path: `${at}.precision`, message: 'a precision needs a date, start or end' });
    return null;
  }
  const before = problems.length;
  const written: [string, string][] = [];
  for (const [field, value] of [['date', date], ['start', start], ['end', end]] as const) {
    if (value === undefined) continue;
    const p = datePrecision(value);
    if (!p) problems.push({ path: `${at}.${field}`, message: STATED_DATE_RULE });
    else written.push([field, p]);
  }
  if (date !== undefined && (start !== undefined || end !== undefined)) {
    problems.push({ path: `${at}.date`, message: 'give either a date (when it happened) or a start and/or end (when it held), not both' });
  }
  const precisions = new Set(written.map(([, p]) => p));
  if (precision !== undefined) {
    for (const [field, p] of written) {
      if (p !== precision) problems.push({ path: `${at}.${field}`, message: `is written at ${p} precision but precision says ${precision}` });
    }
  } else if (precisions.size > 1) {
    problems.push({ path: `${at}.precision`, message: `the dates are written at different precisions (${[...precisions].join(', ')}); write them alike` });
  }
  if (start !== undefined && end !== undefined && datePrecision(start) && datePrecision(end) && periodEnd(end) < periodStart(start)) {
    problems.push({ path: `${at}.end`, message: `ends (${end}) before it starts (${start})` });
  }
  if (problems.length > before) return null;
  if (written.length === 0) {
    // Only words: a date where they and the publication date give one, otherwise left open.
    const resolved = resolveStatedWords(stated!, published);
    return { date: resolved?.date ?? null, start: null, end: null, precision: resolved?.precision ?? null, stated: stated ?? null };
  }
  return { date: date ?? null, start: start ?? null, end: end ?? null, precision: precision ?? (written[0]![1] as DatePrecision), stated: stated ?? null };
}

/** The day a span begins by (its date or start, at the earliest day it can mean); null when it gives none. */
export function spanBegins(time: TimeSpan): string | null {
  const first = time.date ?? time.start;
  return first ? periodStart(first) : null;
}

/** The day a span ends by (its end at the latest day it can mean); null when open-ended. */
export function spanEnds(time: TimeSpan): string | null {
  return time.end ? periodEnd(time.end) : null;
}

/** The day to place a span at on a time line (its date, start or end); null when it has none. */
export function spanSortKey(time: TimeSpan): string | null {
  const first = time.date ?? time.start ?? time.end;
  return first ? periodStart(first) : null;
}
