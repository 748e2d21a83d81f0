/**
 * The Cypher workbench: Neo4j's own CodeMirror 6 language support (highlighting, completion of the graph's
 * labels, relationship types and property keys), Ctrl+Enter to run, the answer as a table or JSON, and every
 * node, relationship and path in it drawn on the explorer's canvas. The server decides what may run: without the
 * admin token a write is refused there, and the refusal is shown here with where in the query it is.
 * Bundled apart (scripts/build-explorer.mjs) and loaded the first time the workbench opens.
 */
import { createCypherEditor, type EditorApi } from '@neo4j-cypher/codemirror';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { ApiError, graphql, type EntityRecord, type RelationshipRecord } from './api';
import { el, replaceChildren } from './dom';
import { cellText, graphOfResult, type CypherAnswer } from './cypher-result';

/** What the workbench needs from the page. */
export interface WorkbenchHost {
  /** The workbench's stylesheet, linked again inside the editor's shadow root. */
  stylesheet: string;
  kinds: string[];
  relationshipTypes: string[];
  /** Draws entities and relationships of a result on the canvas, merged with what is there. */
  draw(entities: EntityRecord[], relationships: RelationshipRecord[]): void;
}

const EXAMPLE = `MATCH (p:Entity {kind: 'Person'})-[r]->(c:Entity {kind: 'Country'})
RETURN p, r, c
LIMIT 25`;

/** Property keys of every kind, read from the API's own schema (the kinds' scalar fields). */
async function propertyKeys(kinds: string[]): Promise<string[]> {
  if (!kinds.length) return [];
  type Field = { name: string; type: { kind: string; ofType: { kind: string; ofType: { kind: string } | null } | null } };
  const data = await graphql<Record<string, { fields: Field[] } | null>>(
    `query WorkbenchSchema { ${kinds.map((k, i) => `k${i}: __type(name: "${k}") { fields { name type { kind ofType { kind ofType { kind } } } } }`).join(' ')} }`,
  );
  const scalar = (t: Field['type'] | { kind: string; ofType?: unknown } | null | undefined): boolean =>
    !!t && (t.kind === 'SCALAR' || ((t.kind === 'NON_NULL' || t.kind === 'LIST') && scalar((t as { ofType?: Field['type'] }).ofType)));
  const keys = new Set<string>(['evidence', 'sources', 'offsets', 'title', 'text', 'url', 'published', 'publisher']);
  for (const type of Object.values(data)) for (const f of type?.fields ?? []) if (f.name !== 'properties' && scalar(f.type)) keys.add(f.name);
  return [...keys].sort();
}

/** Builds the workbench inside `root` and returns how to focus it. */
export async function mountWorkbench(root: HTMLElement, host: WorkbenchHost): Promise<{ focus(): void }> {
  // CodeMirror adds its styles through style-mod, which writes a <style> tag into a document (refused by the
  // page's CSP) but a constructable stylesheet into a shadow root: so the editor lives in one.
  const editorHost = el('div', { className: 'cypher-editor-host' });
  const shadow = editorHost.attachShadow({ mode: 'open' });
  const editorBox = el('div', { className: 'cypher-editor', id: 'cypher-editor' });
  shadow.append(el('link', { rel: 'stylesheet', href: host.stylesheet }), editorBox);
  const run = el('button', { type: 'button', id: 'cypher-run', className: 'primary', title: 'Run (Ctrl+Enter)' }, 'Run');
  const token = el('input', {
    type: 'password',
    id: 'cypher-token',
    placeholder: 'Admin token, for writes',
    'aria-label': 'Admin token (only a query that writes needs it)',
    autocomplete: 'off',
  });
  const asTable = el('button', { type: 'button', id: 'cypher-as-table', 'aria-pressed': 'true' }, 'Table');
  const asJson = el('button', { type: 'button', id: 'cypher-as-json', 'aria-pressed': 'false' }, 'JSON');
  const status = el('p', { id: 'cypher-status', className: 'cypher-status', role: 'status', 'aria-live': 'polite' });
  const result = el('div', { id: 'cypher-result', className: 'cypher-result' });
  replaceChildren(
    root,
    el('div', { className: 'cypher-bar' }, run, el('span', { className: 'muted cypher-hint' }, 'Ctrl+Enter'), asTable, asJson, token),
    editorHost,
    status,
    result,
  );

  let editor!: EditorApi;
  let last: CypherAnswer | null = null;
  let mode: 'table' | 'json' = 'table';
  const show = () => {
    asTable.setAttribute('aria-pressed', String(mode === 'table'));
    asJson.setAttribute('aria-pressed', String(mode === 'json'));
    if (!last) return replaceChildren(result);
    if (mode === 'json') return replaceChildren(result, el('pre', { className: 'cypher-json' }, JSON.stringify(last, null, 2)));
    replaceChildren(
      result,
      el(
        'table',
        { className: 'cypher-table' },
        el('thead', {}, el('tr', {}, ...last.columns.map((c) => el('th', { scope: 'col' }, c)))),
        el('tbody', {}, ...last.rows.map((row) => el('tr', {}, ...row.map((v) => el('td', {}, cellText(v)))))),
      ),
    );
  };
  asTable.addEventListener('click', () => ((mode = 'table'), show()));
  asJson.addEventListener('click', () => ((mode = 'json'), show()));

  const execute = async () => {
    const text = editor.codemirror.state.doc.toString();
    if (!text.trim()) return;
    status.dataset.level = 'info';
    status.textContent = 'Running…';
    run.disabled = true;
    try {
      const data = await graphql<{ cypher: CypherAnswer }>(
        'query WorkbenchCypher($query: String!) { cypher(query: $query) { columns rows rowCount truncated elapsedMs engine } }',
        { query: text },
        token.value.trim() || undefined,
      );
      last = data.cypher;
      const drawn = graphOfResult(last, host.kinds);
      if (drawn.entities.length || drawn.relationships.length) host.draw(drawn.entities, drawn.relationships);
      status.textContent =
        `${last.rowCount} row${last.rowCount === 1 ? '' : 's'}${last.truncated ? ' (more were left out)' : ''} in ${Math.round(last.elapsedMs)} ms` +
        (drawn.entities.length || drawn.relationships.length ? `; ${drawn.entities.length} entities and ${drawn.relationships.length} relationships drawn on the canvas` : '');
      show();
    } catch (e) {
      const error = e as ApiError;
      const { line, column } = error.extensions ?? {};
      status.dataset.level = 'error';
      const refusedWrite = error.code === 'CYPHER_WRITE_FORBIDDEN' || error.code === 'UNAUTHENTICATED';
      status.textContent =
        (typeof line === 'number' && typeof column === 'number' ? `Line ${line}, column ${column}: ` : '') +
        error.message +
        (refusedWrite && !token.value ? ' Enter the admin token to run a query that writes.' : '');
      if (typeof line === 'number' && typeof column === 'number') {
        editor.setPosition({ line, column: column }, true);
        editor.focus();
      }
    } finally {
      run.disabled = false;
    }
  };
  run.addEventListener('click', () => void execute());

  // the package's types say it returns the editor; its code returns { editor }
  ({ editor } = createCypherEditor(editorBox, {
    value: EXAMPLE,
    lineNumbers: true,
    lineWrapping: true,
    autocomplete: true,
    lint: true,
    theme: 'light',
    preExtensions: [Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (void execute(), true) }]))],
  }) as unknown as { editor: EditorApi });
  editor.codemirror.contentDOM.setAttribute('aria-label', 'Cypher query');
  editor.setSchema({
    labels: ['Entity', 'Source', ...host.kinds],
    relationshipTypes: [...host.relationshipTypes, 'MENTIONS'],
    propertyKeys: await propertyKeys(host.kinds).catch(() => []),
  });
  return { focus: () => editor.focus() };
}
