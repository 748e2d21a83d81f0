/**
 * Likely pairs of names within one kind, found through the blocking keys (./blocking.ts) rather than by comparing
 * every pair: names meet only when they share a key, and a key shared by too many (a common family name, a word
 * like "Ministry") is left out, so the work grows with the graph, not with its square.
 */
import { blockKeys, likenessHolds, likenessRank, type Likeness } from './blocking';

/** An entity as pairing takes it: id, and the key words of each of its names (name first, then aliases). */
export interface PairableEntity {
  id: string;
  names: readonly { label: string; words: readonly string[] }[];
}

/** Two entities whose names are alike; `a` < `b` by id. */
export interface NamePair {
  a: string;
  b: string;
  why: Likeness;
  /** The name or alias of each side that met. */
  names: [string, string];
}

/** Pairing options: a block larger than `maxBlock` is too common to say anything and is skipped; at most `maxPairs` pairs. */
export interface PairOptions {
  person: boolean;
  maxBlock: number;
  maxPairs?: number;
}

/** Likely pairs among `entities` (one kind), the strongest likeness per pair, strongest first, then by ids. */
export function likelyPairs(entities: readonly PairableEntity[], options: PairOptions): { pairs: NamePair[]; skippedBlocks: number; truncated: boolean } {
  const blocks = new Map<string, { id: string; label: string; words: readonly string[] }[]>();
  /** Blocks past maxBlock: their members are no longer kept. */
  const tooCommon = new Set<string>();
  for (const e of entities) {
    for (const n of e.names) {
      for (const b of blockKeys(n.words, options.person)) {
        const slot = `${b.why}\u0000${b.key}`;
        if (tooCommon.has(slot)) continue;
        const members = blocks.get(slot) ?? [];
        // One entry per entity and block, its first name there (an entity's names come one after another).
        if (members[members.length - 1]?.id === e.id) continue;
        members.push({ id: e.id, label: n.label, words: n.words });
        if (members.length > options.maxBlock) {
          tooCommon.add(slot);
          blocks.delete(slot);
        } else blocks.set(slot, members);
      }
    }
  }
  const pairs = new Map<string, NamePair>();
  const skippedBlocks = tooCommon.size;
  const maxPairs = options.maxPairs ?? Infinity;
  let truncated = false;
  // Strongest blocks first, so a cap on pairs keeps the likeliest (many same-name blocks must not crowd out memory).
  const ordered = [...blocks].filter(([, members]) => members.length >= 2).sort(([a], [b]) => likenessRank(whyOf(a)) - likenessRank(whyOf(b)));
  for (const [slot, members] of ordered) {
    const why = whyOf(slot);
    if (pairs.size >= maxPairs) {
      truncated = true;
      break;
    }
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [x, y] = members[i]!.id < members[j]!.id ? [members[i]!, members[j]!] : [members[j]!, members[i]!];
        if (!likenessHolds(why, x.words, y.words)) continue;
        const key = `${x.id}\u0000${y.id}`;
        const previous = pairs.get(key);
        if (!previous && pairs.size >= maxPairs) {
          truncated = true;
          continue;
        }
        if (!previous || likenessRank(why) < likenessRank(previous.why)) pairs.set(key, { a: x.id, b: y.id, why, names: [x.label, y.label] });
      }
    }
  }
  const sorted = [...pairs.values()].sort((p, q) => likenessRank(p.why) - likenessRank(q.why) || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
  return { pairs: sorted, skippedBlocks, truncated };
}

function whyOf(slot: string): Likeness {
  return slot.slice(0, slot.indexOf('\u0000')) as Likeness;
}
