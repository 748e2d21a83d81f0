/**
 * The Cypher workbench: Neo4j's own CodeMirror 6 language support (highlighting, completion of the graph's
 * labels, relationship types and property keys), Ctrl+Enter to run, the answer as a table or JSON, and every
 * node, relationship and path in it drawn on the explorer's canvas; the server's named queries as forms; the
 * session's history. The server decides what may run: without the admin token a write is refused there, and then
 * the workbench asks for the token (kept for the browser session only) and runs the query again with it.
 * Bundled apart (scripts/build-explorer.mjs) and loaded the first time the workbench opens.
 */
import { createCypherEditor, type EditorApi } from '@neo4j-cypher/codemirror';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { ApiError, fetchNamedQueries, graphql, runCypher, runNamedQuery, type CypherAnswer, type EntityRecord, type NamedQueryInfo, type RelationshipRecord } from './api';
import { el, replaceChildren } from './dom';
import { cellText, entityIdsOfResult, graphOfResult } from './cypher-result';
import { NamedQueryForm } from './named-query-form';
import { readHistory, recordQuery, type HistoryEntry } from './query-history';

/** What the workbench needs from the page. */
export interface WorkbenchHost {
  /** The workbench's stylesheet, linked again inside the editor's shadow root. */
  stylesheet: string;
  kinds: string[];
  relationshipTypes: string[];
  /** Draws entities and relationships of a result on the canvas, merged with what is there. */
  draw(entities: EntityRecord[], relationships: RelationshipRecord[]): void;
  /** Draws the entities with these ids (those that exist), with the ties between them and what is drawn. */
  drawIds(ids: string[]): void;
}

/** Where the admin token is kept: sessionStorage, so it lasts one browser session (tab) and no longer. */
export const TOKEN_KEY = 'kg-explorer-admin-token';

/** The server's refusal of a write: no token, or not the admin token. */
const WRITE_REFUSED = new Set(['CYPHER_WRITE_FORBIDDEN', 'UNAUTHENTICATED', 'FORBIDDEN']);

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
  const asTable = el('button', { type: 'button', id: 'cypher-as-table', 'aria-pressed': 'true' }, 'Table');
  const asJson = el('button', { type: 'button', id: 'cypher-as-json', 'aria-pressed': 'false' }, 'JSON');
  const namedPanel = el('div', { id: 'named-queries', className: 'workbench-panel', hidden: true, role: 'region', 'aria-label': 'Named queries' });
  const historyPanel = el('div', { id: 'cypher-history', className: 'workbench-panel', hidden: true, role: 'region', 'aria-label': 'Query history' });
  const showNamed = el('button', { type: 'button', id: 'show-named-queries', 'aria-expanded': 'false', 'aria-controls': 'named-queries' }, 'Named queries');
  const showHistory = el('button', { type: 'button', id: 'show-history', 'aria-expanded': 'false', 'aria-controls': 'cypher-history' }, 'History');
  const forgetToken = el('button', { type: 'button', id: 'forget-token', hidden: true, title: 'Writes will ask for the token again' }, 'Forget token');
  const tokenInput = el('input', { type: 'password', id: 'cypher-token', autocomplete: 'off', spellcheck: 'false' });
  const tokenWhy = el('p', { id: 'token-why' });
  const tokenForm = el(
    'form',
    { id: 'token-prompt', className: 'token-prompt', hidden: true, 'aria-label': 'Admin token' },
    tokenWhy,
    el('label', { for: 'cypher-token' }, 'Admin token'),
    tokenInput,
    el('button', { type: 'submit', className: 'primary', id: 'token-run' }, 'Run with the token'),
    el('button', { type: 'button', id: 'token-cancel' }, 'Cancel'),
  );
  const status = el('p', { id: 'cypher-status', className: 'cypher-status', role: 'status', 'aria-live': 'polite' });
  const result = el('div', { id: 'cypher-result', className: 'cypher-result' });
  const drawIds = el('button', { type: 'button', id: 'cypher-draw-ids', hidden: true, title: 'The result holds entity ids rather than nodes' });
  replaceChildren(
    root,
    el('div', { className: 'cypher-bar' }, run, el('span', { className: 'muted cypher-hint' }, 'Ctrl+Enter'), asTable, asJson, showNamed, showHistory, forgetToken),
    namedPanel,
    historyPanel,
    tokenForm,
    editorHost,
    status,
    drawIds,
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

  const storedToken = () => sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  const showTokenState = () => (forgetToken.hidden = !storedToken());
  forgetToken.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showTokenState();
    status.dataset.level = 'info';
    status.textContent = 'The admin token is forgotten; a query that writes will ask for it again.';
  });
  showTokenState();

  /** The query waiting for the token, run again once it is given. */
  let waiting: string | null = null;
  const askForToken = (text: string, rejected: boolean) => {
    waiting = text;
    tokenWhy.textContent = rejected
      ? 'The server did not accept that token. Enter the admin token to run this query.'
      : 'This query changes the graph. Enter the admin token to run it (kept only until this browser tab closes).';
    tokenForm.hidden = false;
    tokenInput.value = '';
    tokenInput.focus();
  };
  const closeTokenPrompt = () => {
    tokenForm.hidden = true;
    waiting = null;
  };
  tokenForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = tokenInput.value.trim();
    if (!token) return tokenInput.focus();
    sessionStorage.setItem(TOKEN_KEY, token);
    showTokenState();
    const text = waiting;
    closeTokenPrompt();
    if (text !== null) void execute(text);
  });
  tokenForm.querySelector('#token-cancel')!.addEventListener('click', () => {
    closeTokenPrompt();
    editor.focus();
  });

  let history = readHistory(sessionStorage);
  const remember = (entry: HistoryEntry) => {
    history = recordQuery(sessionStorage, entry);
    if (!historyPanel.hidden) renderHistory();
    showHistory.textContent = `History (${history.length})`;
  };
  if (history.length) showHistory.textContent = `History (${history.length})`;

  /** Shows an answer: status line, table or JSON, and its graph on the canvas. */
  const answered = (answer: CypherAnswer, label: string) => {
    last = answer;
    const drawn = graphOfResult(answer, host.kinds);
    if (drawn.entities.length || drawn.relationships.length) host.draw(drawn.entities, drawn.relationships);
    const rows = `${answer.rowCount} row${answer.rowCount === 1 ? '' : 's'}`;
    status.dataset.level = 'info';
    status.textContent =
      `${label}${rows}${answer.truncated ? ' (more were left out)' : ''} in ${Math.round(answer.elapsedMs)} ms` +
      (drawn.entities.length || drawn.relationships.length ? `; ${drawn.entities.length} entities and ${drawn.relationships.length} relationships drawn on the canvas` : '');
    // a result of ids (most named queries) is one click from the canvas
    const ids = drawn.entities.length ? [] : entityIdsOfResult(answer);
    drawIds.hidden = !ids.length;
    drawIds.textContent = `Draw the ${ids.length} entit${ids.length === 1 ? 'y' : 'ies'} of this result`;
    drawIds.onclick = () => host.drawIds(ids);
    show();
    return rows;
  };

  const running = (on: boolean) => {
    run.disabled = on;
    if (on) {
      status.dataset.level = 'info';
      status.textContent = 'Running…';
    }
  };

  const execute = async (text = editor.codemirror.state.doc.toString()) => {
    if (!text.trim()) return;
    running(true);
    const token = storedToken();
    try {
      const rows = answered(await runCypher(text, token), '');
      remember({ kind: 'cypher', text, at: new Date().toISOString(), outcome: rows, ok: true });
    } catch (e) {
      const error = e as ApiError;
      const { line, column } = error.extensions ?? {};
      status.dataset.level = 'error';
      const refusedWrite = WRITE_REFUSED.has(error.code ?? '');
      status.textContent =
        (typeof line === 'number' && typeof column === 'number' ? `Line ${line}, column ${column}: ` : '') +
        error.message.replace(/[^.!?]$/, '$&.') +
        (refusedWrite ? (token ? ' The admin token given was not accepted.' : ' Enter the admin token to run a query that writes.') : '');
      remember({ kind: 'cypher', text, at: new Date().toISOString(), outcome: error.message, ok: false });
      if (refusedWrite) {
        if (token) sessionStorage.removeItem(TOKEN_KEY);
        showTokenState();
        askForToken(text, token !== undefined);
      } else if (typeof line === 'number' && typeof column === 'number' && editor.codemirror.state.doc.toString() === text) {
        editor.setPosition({ line, column: column }, true);
        editor.focus();
      }
    } finally {
      running(false);
    }
  };
  run.addEventListener('click', () => void execute());

  const executeNamed = async (name: string, params: Record<string, unknown>) => {
    running(true);
    try {
      const rows = answered(await runNamedQuery(name, params), `${name}: `);
      remember({ kind: 'named', name, params, at: new Date().toISOString(), outcome: rows, ok: true });
    } catch (e) {
      status.dataset.level = 'error';
      status.textContent = `${name}: ${(e as Error).message}`;
      remember({ kind: 'named', name, params, at: new Date().toISOString(), outcome: (e as Error).message, ok: false });
    } finally {
      running(false);
    }
  };

  const setText = (text: string) => {
    editor.codemirror.dispatch({ changes: { from: 0, to: editor.codemirror.state.doc.length, insert: text } });
    editor.focus();
  };

  const namedForm = new NamedQueryForm(namedPanel, {
    run: (query, params) => void executeNamed(query.name, params),
    openInEditor: (query: NamedQueryInfo) => setText(query.text),
  });
  let namedLoaded: Promise<void> | null = null;
  const loadNamed = () =>
    (namedLoaded ??= fetchNamedQueries()
      .then((queries) => namedForm.setQueries(queries))
      .catch((e: Error) => {
        namedLoaded = null;
        replaceChildren(namedPanel, el('p', { className: 'cypher-status', 'data-level': 'error' }, `The named queries could not be loaded: ${e.message}`));
      }));

  const toggle = (button: HTMLElement, panel: HTMLElement, open = panel.hidden) => {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  };
  showNamed.addEventListener('click', () => {
    toggle(showNamed, namedPanel);
    if (!namedPanel.hidden) void loadNamed().then(() => namedPanel.querySelector<HTMLElement>('#named-query-picker')?.focus());
  });

  const describe = (entry: HistoryEntry) =>
    entry.kind === 'cypher'
      ? entry.text
      : `${entry.name}(${Object.entries(entry.params)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
          .join(', ')})`;
  const renderHistory = () => {
    if (!history.length) return replaceChildren(historyPanel, el('p', { className: 'muted' }, 'No queries yet in this browser session.'));
    replaceChildren(
      historyPanel,
      el(
        'ol',
        { className: 'history-list' },
        ...history.map((entry, i) => {
          const what = describe(entry);
          const short = what.length > 60 ? `${what.slice(0, 60)}…` : what;
          return el(
            'li',
            { 'data-ok': String(entry.ok) },
            el('code', { className: 'history-query' }, what),
            el('span', { className: 'muted history-outcome' }, `${new Date(entry.at).toLocaleTimeString()} · ${entry.outcome}`),
            el('span', { className: 'history-buttons' },
              el('button', { type: 'button', className: 'history-rerun', 'aria-label': `Run again: ${short}`, onclick: () => void rerun(history[i]!) }, 'Run again'),
              el('button', { type: 'button', className: 'history-load', 'aria-label': `${entry.kind === 'cypher' ? 'Load into the editor' : 'Load into the form'}: ${short}`, onclick: () => void load(history[i]!) }, entry.kind === 'cypher' ? 'Load' : 'Load form'),
            ),
          );
        }),
      ),
    );
  };
  const rerun = (entry: HistoryEntry) => (entry.kind === 'cypher' ? execute(entry.text) : executeNamed(entry.name, entry.params));
  const load = async (entry: HistoryEntry) => {
    if (entry.kind === 'cypher') return setText(entry.text);
    await loadNamed();
    toggle(showNamed, namedPanel, true);
    if (!namedForm.load(entry.name, entry.params)) {
      status.dataset.level = 'error';
      status.textContent = `The server no longer offers the named query ${entry.name}`;
    } else namedPanel.querySelector<HTMLElement>('#named-query-form input, #named-query-run')?.focus();
  };
  showHistory.addEventListener('click', () => {
    toggle(showHistory, historyPanel);
    if (!historyPanel.hidden) renderHistory();
  });

  // the package's types say it returns the editor; its code returns { editor }
  ({ editor } = createCypherEditor(editorBox, {
    value: EXAMPLE,
    lineNumbers: true,
    lineWrapping: true,
    autocomplete: true,
    lint: true,
    // Tab leaves the editor (a keyboard user must be able to get out); Ctrl+] and Ctrl+[ still indent
    tabKey: false,
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
