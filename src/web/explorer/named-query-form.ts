/**
 * A named query offered as a form built from its declared parameters: one labelled field per parameter, typed
 * by its declared type (a number field with its bounds, a checkbox, a comma-separated list, text), checked here
 * before anything is sent, each problem shown beside its field. The server checks again (bindParameters).
 */
import type { NamedQueryInfo, NamedQueryParameter } from './api';
import { el, replaceChildren } from './dom';

/** What a field holds: its text, or whether a checkbox is ticked. */
export type RawValue = string | boolean;

/** A field's value read as its declared type: the value to send, none (the server's default), or why it is refused. */
export type ReadValue = { value: unknown } | { omit: true } | { error: string };

/** Reads one field as its parameter's declared type; empty means the default, or a problem when there is none. */
export function readParameter(p: NamedQueryParameter, raw: RawValue): ReadValue {
  if (p.type === 'boolean') return { value: raw === true || raw === 'true' };
  const text = String(raw).trim();
  if (text === '' && p.type !== 'string') return p.required ? { error: `${p.name} is required` } : { omit: true };
  switch (p.type) {
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(n)) return { error: `${p.name} must be a ${p.type === 'integer' ? 'whole number' : 'number'}` };
      if (p.type === 'integer' && !Number.isSafeInteger(n)) return { error: `${p.name} must be a whole number` };
      if (p.min !== null && n < p.min) return { error: `${p.name} must be at least ${p.min}` };
      if (p.max !== null && n > p.max) return { error: `${p.name} must be at most ${p.max}` };
      return { value: n };
    }
    case 'string[]': {
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      return items.length || !p.required ? { value: items } : { error: `${p.name} needs at least one value` };
    }
    default:
      // a string parameter keeps its spaces; empty is the default when there is one
      if (String(raw) === '') return p.required ? { error: `${p.name} is required` } : { omit: true };
      return { value: String(raw) };
  }
}

/** Reads every field: the parameters to send, or the problems by parameter name. */
export function readParameters(parameters: NamedQueryParameter[], raw: Record<string, RawValue>): { params: Record<string, unknown>; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const p of parameters) {
    const read = readParameter(p, raw[p.name] ?? '');
    if ('error' in read) errors[p.name] = read.error;
    else if ('value' in read) params[p.name] = read.value;
  }
  return { params, errors };
}

/** A value as a field's text (a list comma-separated). */
function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** What the form asks of the workbench. */
export interface NamedQueryFormActions {
  run(query: NamedQueryInfo, params: Record<string, unknown>): void;
  /** Puts the query's Cypher into the editor. */
  openInEditor(query: NamedQueryInfo): void;
}

/** The picker of named queries and the form of the one picked. */
export class NamedQueryForm {
  private readonly picker: HTMLSelectElement;
  private readonly body = el('div', { className: 'named-query-body' });
  private queries: NamedQueryInfo[] = [];

  constructor(
    readonly root: HTMLElement,
    private readonly actions: NamedQueryFormActions,
  ) {
    this.picker = el('select', { id: 'named-query-picker' });
    this.picker.addEventListener('change', () => this.showForm());
    replaceChildren(root, el('label', { className: 'named-query-pick' }, 'Named query ', this.picker), this.body);
  }

  /** Offers these queries; the first is shown. */
  setQueries(queries: NamedQueryInfo[]): void {
    this.queries = queries;
    replaceChildren(this.picker, ...queries.map((q) => el('option', { value: q.name }, q.name)));
    this.showForm();
  }

  /** Shows the form of `name` with these values (a history entry brought back). */
  load(name: string, params: Record<string, unknown>): boolean {
    if (!this.queries.some((q) => q.name === name)) return false;
    this.picker.value = name;
    this.showForm(params);
    return true;
  }

  private showForm(values: Record<string, unknown> = {}): void {
    const query = this.queries.find((q) => q.name === this.picker.value);
    if (!query) return replaceChildren(this.body, el('p', { className: 'muted' }, 'The server offers no named queries.'));
    const inputs = new Map<string, HTMLInputElement>();
    const problems = new Map<string, HTMLElement>();
    const fields = query.parameters.map((p) => {
      const id = `nq-${query.name}-${p.name}`;
      const given = p.name in values ? values[p.name] : p.default;
      const input =
        p.type === 'boolean'
          ? el('input', { type: 'checkbox', id, checked: given === true })
          : el('input', {
              // text, not type=number: a number field hides what was typed when it is not a number, and this form says why
              type: 'text',
              inputmode: p.type === 'integer' ? 'numeric' : p.type === 'number' ? 'decimal' : null,
              id,
              value: asText(given),
              placeholder: p.example !== null && p.example !== undefined ? `e.g. ${asText(p.example)}` : p.type === 'string[]' ? 'comma-separated' : null,
              'aria-required': p.required ? 'true' : null,
              spellcheck: 'false',
              'aria-describedby': `${id}-hint ${id}-problem`,
            });
      if (p.type === 'boolean') input.setAttribute('aria-describedby', `${id}-hint ${id}-problem`);
      inputs.set(p.name, input);
      const problem = el('span', { className: 'field-problem', id: `${id}-problem`, 'data-parameter': p.name });
      problems.set(p.name, problem);
      const type = p.type + (p.min !== null || p.max !== null ? `, ${p.min ?? '…'} to ${p.max ?? '…'}` : '') + (p.required ? ', required' : '');
      return el(
        'div',
        { className: 'named-query-field' },
        el('label', { for: id }, p.name, el('span', { className: 'muted' }, ` (${type})`)),
        input,
        el('span', { className: 'muted field-hint', id: `${id}-hint` }, p.description),
        problem,
      );
    });
    const form = el(
      'form',
      { id: 'named-query-form', novalidate: true, 'aria-label': `Parameters of ${query.name}` },
      el('p', { className: 'named-query-description' }, query.description),
      ...fields,
      el(
        'div',
        { className: 'named-query-buttons' },
        el('button', { type: 'submit', className: 'primary', id: 'named-query-run' }, 'Run named query'),
        el('button', { type: 'button', id: 'named-query-open', onclick: () => this.actions.openInEditor(query) }, 'Open its Cypher in the editor'),
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const raw = Object.fromEntries([...inputs].map(([name, input]) => [name, input.type === 'checkbox' ? input.checked : input.value]));
      const { params, errors } = readParameters(query.parameters, raw);
      for (const [name, input] of inputs) {
        const error = errors[name];
        problems.get(name)!.textContent = error ?? '';
        if (error) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
      const first = query.parameters.find((p) => errors[p.name]);
      if (first) return inputs.get(first.name)!.focus();
      this.actions.run(query, params);
    });
    replaceChildren(this.body, form);
  }
}
