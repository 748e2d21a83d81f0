/**
 * How good a draft is, measured against the facts document a person wrote for the same article: the share of the
 * document's entities and relationships the draft proposes (recall) and the share of the draft's proposals that
 * the document states (precision). Entities match by id (known to the graph) or by kind and name key; a
 * relationship matches when its type and both ends (after matching the entities) are the document's.
 */
import type { EntityLabel } from '../graph/port';
import { isKind, type KindName } from '../ontology/ontology';
import type { FactsDocumentInput } from './facts';
import type { Draft } from './draft';
import { NameIndex, nameKey } from './resolve';

/** Recall and precision of one part of a draft, with the counts they come from. */
export interface Figure {
  /** Items of the facts document the draft proposes. */
  found: number;
  /** Items of the facts document. */
  stated: number;
  /** Proposals of the draft that the facts document states. */
  right: number;
  /** Proposals of the draft. */
  proposed: number;
  recall: number;
  precision: number;
}

/** A draft's figures: entities, typed relationships, and relationships by their two ends whatever the type. */
export interface DraftScore {
  entities: Figure;
  relationships: Figure;
  pairs: Figure;
}

function figure(found: number, stated: number, right: number, proposed: number): Figure {
  return { found, stated, right, proposed, recall: stated ? found / stated : 0, precision: proposed ? right / proposed : 0 };
}

type DocumentEntity = NonNullable<FactsDocumentInput['entities']>[number];

/** Scores `draft` against `facts`, the document written for the same text; `graph` is the graph the draft was made against. */
export function scoreDraft(draft: Draft, facts: FactsDocumentInput, graph: NameIndex): DraftScore {
  // The document's entities under the ids the graph gives them: their own id, or the graph entity their name names.
  const documentEntities = (facts.entities ?? []).filter((e): e is DocumentEntity & { kind: KindName } => isKind(e.kind));
  const factIds = new Map<DocumentEntity, string>();
  for (const e of documentEntities) {
    const names = [e.name, ...(e.aliases ?? [])];
    const known = e.id && graph.has(e.id) ? e.id : [...graph.match(e.kind, names).keys()][0];
    factIds.set(e, known ?? e.id ?? `${e.kind}:${nameKey(e.name, e.kind)}`);
  }
  const documentNames = new NameIndex(documentEntities.map((e) => ({ id: factIds.get(e)!, kind: e.kind, name: e.name, aliases: e.aliases ?? [] }) satisfies EntityLabel));
  const refOf = (ref: string): string => {
    if (documentNames.has(ref) || graph.has(ref)) return ref;
    for (const names of [documentNames, graph]) {
      for (const e of names.all()) if ([e.name, ...e.aliases].some((n) => nameKey(n, e.kind) === nameKey(ref, e.kind))) return e.id;
    }
    return `unresolved:${ref}`;
  };

  // The document states its own entities and the graph's entities its relationships name (by id, without declaring them).
  const factTies = new Set((facts.relationships ?? []).map((r) => `${refOf(r.from)}|${r.type}|${refOf(r.to)}`));
  const stated = new Set([...factIds.values(), ...[...factTies].flatMap((t) => [t.split('|')[0]!, t.split('|')[2]!]).filter((id) => graph.has(id))]);
  // A draft entity is a document entity when it is the same graph entity, or has its kind and one of its names.
  const draftToFact = new Map<string, string>();
  for (const d of draft.entities) {
    if (d.known || stated.has(d.id)) draftToFact.set(d.id, d.id);
    else {
      const hit = [...documentNames.match(d.kind, [d.name, ...(d.newAliases ?? [])]).keys()][0];
      if (hit) draftToFact.set(d.id, hit);
    }
  }
  const entitiesFound = new Set([...draftToFact.values()].filter((id) => stated.has(id)));

  const factPairs = new Set([...factTies].map((t) => pairOf(t)));
  // An end is the document entity its draft entity matched, or the graph's entity of that id.
  const endOf = (id: string) => draftToFact.get(id) ?? (graph.has(id) ? id : `draft:${id}`);
  const proposals = draft.relationships.map((r) => `${endOf(r.from)}|${r.type}|${endOf(r.to)}`);
  const proposedPairs = new Set(proposals.map(pairOf));

  return {
    entities: figure(entitiesFound.size, stated.size, draft.entities.filter((d) => stated.has(draftToFact.get(d.id) ?? '')).length, draft.entities.length),
    relationships: figure(
      // A choice left open (CHOOSE_A_TYPE) never equals a stated type, so it counts as proposed and never as right.
      [...factTies].filter((t) => proposals.includes(t)).length,
      factTies.size,
      proposals.filter((p) => factTies.has(p)).length,
      proposals.length,
    ),
    pairs: figure([...factPairs].filter((p) => proposedPairs.has(p)).length, factPairs.size, [...proposedPairs].filter((p) => factPairs.has(p)).length, proposedPairs.size),
  };
}

/** The two ends of a tie, in a fixed order: the same pair whichever way round and whatever the type. */
function pairOf(tie: string): string {
  const [from, , to] = tie.split('|');
  return [from, to].sort().join(' ~ ');
}
