/**
 * "Possible duplicates": likely pairs side by side (names, aliases, description, sources, relationships with their
 * quotes), with Merge and Keep apart. A decision needs the admin token, asked once per browser session
 * (admin-token.ts); the server stores it with who, when and why, and the list is read again after each one.
 */
import './duplicates.css';
import { forgetToken, keepToken, storedToken } from './admin-token';
import { ApiError, graphql } from './api';
import { el, kindSwatch, replaceChildren } from './dom';
import { formatRoute } from './route';

/** Pairs the view lists at once (each side with its first relationships; the query's cost grows with both). */
const PAIRS = 10;
/** Relationships shown per side. */
const RELATIONSHIPS = 6;
const TOKEN_REFUSED = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

interface SideRecord {
  matchedName: string;
  entity: {
    id: string;
    kind: string;
    name: string;
    aliases: string[];
    description: string | null;
    relationships: { totalCount: number; edges: { direction: 'OUT' | 'IN'; type: string; other: { id: string; name: string }; evidence: { quote: string; source: { title: string } }[] }[] };
  };
  sources: { id: string; title: string }[];
}

interface PairRecord {
  score: number;
  why: string;
  conflicts: string[];
  sharedNeighbours: { name: string }[];
  a: SideRecord;
  b: SideRecord;
}

const SIDE = `matchedName sources { id title } entity { id kind name aliases description
  relationships(first: ${RELATIONSHIPS}) { totalCount edges { direction type other { id name } evidence { quote source { title } } } } }`;
const QUERY = `query PossibleDuplicates($first: Int) { duplicates(first: $first) { totalCount edges { node {
  score why conflicts sharedNeighbours { name } a { ${SIDE} } b { ${SIDE} } } } } }`;
const MERGE = `mutation Merge($keep: ID!, $merge: ID!, $reason: String) { mergeEntities(keep: $keep, merge: $merge, reason: $reason, analyst: "explorer") {
  relationshipsMoved relationshipsCollapsed mentionsMoved aliasesAdded survivor { id name } decision { id at } } }`;
const KEEP_APART = `mutation KeepApart($a: ID!, $b: ID!, $reason: String) { keepApart(a: $a, b: $b, reason: $reason, analyst: "explorer") { id at } }`;

const WHY: Record<string, string> = { 'same-name': 'the same name', variant: 'a spelling variant', sound: 'the same sound', 'family-name': 'the same family name' };

/** The review page: mounted into the reader's overlay at `#/duplicates`. */
export class DuplicatesView {
  private readonly list = el('div', { className: 'duplicate-pairs', 'aria-busy': 'false' });
  private readonly notice = el('p', { className: 'duplicates-notice', role: 'status', 'aria-live': 'polite' });
  private readonly tokenForm: HTMLFormElement;
  private tokenWaiter: ((token: string) => void) | null = null;

  constructor(readonly root: HTMLElement) {
    const input = el('input', { id: 'duplicates-token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
    this.tokenForm = el(
      'form',
      { id: 'duplicates-token-form', className: 'token-form', hidden: true },
      el('label', { for: 'duplicates-token' }, 'Admin token'),
      el('p', { className: 'muted hint' }, 'Merging and keeping apart need the server’s admin token (KG_ADMIN_TOKEN, or `kg token` on the server’s machine). It is kept for this browser session only.'),
      input,
      el('button', { type: 'submit', className: 'primary', id: 'duplicates-use-token' }, 'Use this token'),
    );
    this.tokenForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (!token) return this.say('Type or paste the token.', true);
      keepToken(token);
      input.value = '';
      this.tokenForm.hidden = true;
      const waiter = this.tokenWaiter;
      this.tokenWaiter = null;
      waiter?.(token);
    });
    replaceChildren(
      root,
      el('h2', {}, 'Possible duplicates'),
      el('p', { className: 'muted' }, 'Pairs within a kind whose names are alike, best first, with what each side says. Nothing merges by itself: merge a pair or keep it apart, and the decision is kept (who, when, why), exported with the graph and replayed when the documents are ingested again.'),
      this.tokenForm,
      this.notice,
      this.list,
    );
  }

  /** Reads the pairs and shows them. */
  async load(): Promise<void> {
    this.list.setAttribute('aria-busy', 'true');
    try {
      const data = await graphql<{ duplicates: { totalCount: number; edges: { node: PairRecord }[] } }>(QUERY, { first: PAIRS });
      const pairs = data.duplicates.edges.map((e) => e.node);
      replaceChildren(
        this.list,
        pairs.length === 0 ? el('p', { className: 'muted', id: 'no-duplicates' }, 'No likely duplicates.') : null,
        ...pairs.map((p) => this.pairCard(p)),
        data.duplicates.totalCount > pairs.length ? el('p', { className: 'muted' }, `${pairs.length} of ${data.duplicates.totalCount} pairs; decide these to see the next.`) : null,
      );
    } catch (e) {
      this.say((e as Error).message, true);
    } finally {
      this.list.setAttribute('aria-busy', 'false');
    }
  }

  private pairCard(pair: PairRecord): HTMLElement {
    const { a, b } = pair;
    const reason = el('input', { type: 'text', className: 'duplicate-reason', placeholder: 'Why (kept with the decision)', 'aria-label': `Why, for ${a.entity.name} and ${b.entity.name}` });
    const button = (label: string, className: string, act: () => Promise<void>) =>
      el('button', {
        type: 'button',
        className,
        onclick: async (e: Event) => {
          const buttons = (e.currentTarget as HTMLElement).closest('.duplicate-pair')!.querySelectorAll('button');
          buttons.forEach((x) => (x.disabled = true));
          try {
            await act();
          } finally {
            buttons.forEach((x) => (x.disabled = false));
          }
        },
      }, label);
    const merge = (keep: SideRecord, merged: SideRecord) => async () => {
      const done = await this.decide((token) =>
        graphql<{ mergeEntities: { relationshipsMoved: number; relationshipsCollapsed: number; mentionsMoved: number; aliasesAdded: string[]; survivor: { id: string; name: string }; decision: { at: string } } }>(
          MERGE, { keep: keep.entity.id, merge: merged.entity.id, reason: reason.value.trim() || null }, token),
      );
      if (!done) return;
      const m = done.mergeEntities;
      await this.load();
      this.say(
        `Merged “${merged.entity.name}” into “${m.survivor.name}”: ${m.relationshipsMoved} relationship${m.relationshipsMoved === 1 ? '' : 's'} moved (${m.relationshipsCollapsed} joined one it had, quotes kept), ` +
          `mentions in ${m.mentionsMoved} source${m.mentionsMoved === 1 ? '' : 's'} moved; ${merged.entity.id} now opens ${m.survivor.id}.`,
      );
    };
    return el(
      'article',
      { className: 'duplicate-pair', 'data-pair': `${a.entity.id}|${b.entity.id}` },
      el(
        'header',
        {},
        el('span', { className: 'duplicate-score' }, pair.score.toFixed(2)),
        ` ${WHY[pair.why] ?? pair.why}`,
        pair.sharedNeighbours.length > 0 ? el('span', { className: 'muted' }, ` · both tied to ${pair.sharedNeighbours.map((n) => n.name).join(', ')}`) : null,
        ...pair.conflicts.map((c) => el('span', { className: 'duplicate-conflict' }, `disagree on ${c}`)),
      ),
      el('div', { className: 'duplicate-sides' }, this.side(a), this.side(b)),
      el(
        'div',
        { className: 'duplicate-actions' },
        reason,
        button(`Merge into “${a.entity.name}”`, 'merge-into-a', merge(a, b)),
        button(`Merge into “${b.entity.name}”`, 'merge-into-b', merge(b, a)),
        button('Keep apart', 'keep-apart', async () => {
          const done = await this.decide((token) => graphql(KEEP_APART, { a: a.entity.id, b: b.entity.id, reason: reason.value.trim() || null }, token));
          if (!done) return;
          await this.load();
          this.say(`Kept “${a.entity.name}” and “${b.entity.name}” apart; the pair leaves this list.`);
        }),
      ),
    );
  }

  private side(s: SideRecord): HTMLElement {
    const e = s.entity;
    const rels = e.relationships;
    return el(
      'section',
      { className: 'duplicate-side', 'data-entity-id': e.id },
      el('h3', {}, kindSwatch(e.kind), ' ', el('a', { href: formatRoute({ view: 'entity', id: e.id }) }, e.name), el('span', { className: 'muted' }, ` ${e.kind} · ${e.id}`)),
      s.matchedName !== e.name ? el('p', { className: 'duplicate-matched' }, `matched as “${s.matchedName}”`) : null,
      e.aliases.length > 0 ? el('p', {}, `also ${e.aliases.map((x) => `“${x}”`).join(', ')}`) : null,
      e.description ? el('p', { className: 'muted' }, e.description) : null,
      el('p', { className: 'duplicate-sources' }, s.sources.length > 0 ? `in ${s.sources.map((x) => x.title).join('; ')}` : 'no source mentions it'),
      el(
        'ul',
        { className: 'duplicate-relationships' },
        ...rels.edges.map((r) =>
          el(
            'li',
            {},
            el('span', { className: 'rel-line' }, r.direction === 'OUT' ? `→ ${r.type} ${r.other.name}` : `← ${r.type} ${r.other.name}`),
            ...r.evidence.map((q) => el('blockquote', {}, `“${q.quote}”`, el('cite', {}, ` — ${q.source.title}`))),
          ),
        ),
      ),
      rels.totalCount > rels.edges.length ? el('p', { className: 'muted' }, `and ${rels.totalCount - rels.edges.length} more relationships`) : null,
      rels.totalCount === 0 ? el('p', { className: 'muted' }, 'no relationships') : null,
    );
  }

  /** Runs a decision with the session's token, asking for it once; a refused token is forgotten and asked again. */
  private async decide<T>(work: (token: string) => Promise<T>): Promise<T | null> {
    let problem: string | undefined;
    for (;;) {
      const token = storedToken() ?? (await this.askToken(problem));
      try {
        return await work(token);
      } catch (e) {
        if (e instanceof ApiError && TOKEN_REFUSED.has(e.code ?? '')) {
          forgetToken();
          problem = `The server refused the token: ${e.message}`;
          continue;
        }
        this.say((e as Error).message, true);
        return null;
      }
    }
  }

  private askToken(problem?: string): Promise<string> {
    this.tokenForm.hidden = false;
    this.say(problem ?? 'This needs the admin token.', Boolean(problem));
    this.tokenForm.querySelector<HTMLInputElement>('input')!.focus();
    return new Promise((resolve) => {
      const previous = this.tokenWaiter;
      this.tokenWaiter = (token) => {
        previous?.(token);
        resolve(token);
      };
    });
  }

  private say(message: string, problem = false): void {
    this.notice.textContent = message;
    this.notice.classList.toggle('problem', problem);
  }
}
