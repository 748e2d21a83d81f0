/**
 * Pages of entities' relationships and neighbour listings on the embedded engine: chosen, ordered and counted on
 * the adjacency index (a hub's hundred thousand relationships are a binary search, not a read), then only the
 * page's relationships and entities read from the engine. Answers equal the shared Cypher versions, which the
 * tests keep as oracles.
 */
import { ENTITY_LABEL, relationshipProperties, relationshipTypeNames, type RelationshipTypeName } from '../../ontology/ontology';
import { LADYBUG_TYPES, relationshipPropertyColumns } from '../../ontology/schema';
import { checkedKinds, checkedTypes } from '../arguments';
import { decodeCursor } from '../cursor';
import { typedPattern } from '../dialect';
import { toRelationship, type Params, type Row } from '../rows';
import type { Entity, NeighbourRequest, Page, RelationshipEdge, RelationshipPageRequest } from '../port';
import { AdjacencyIndex, INCOMING, TYPE_MASK, compareIds, smallest, typeFilter } from './adjacency';

/** What page reading needs from the store: a read query and entity lookups by id. */
export interface PageReads {
  read(operation: string, query: string, params: Params): Promise<Row[]>;
  getEntities(ids: readonly string[]): Promise<(Entity | null)[]>;
}

/** Branches of one relationship read (one per entity and direction of the pages), each an engine pass over one entity. */
const MAX_BRANCHES = 256;

/**
 * Pages of relationships for many requests at once: every page from the index, then two engine round trips for
 * all of them (the entities at the other ends; the relationships, read from each asked entity's side).
 */
export async function relationshipPages(index: AdjacencyIndex, reads: PageReads, requests: readonly RelationshipPageRequest[]): Promise<Page<RelationshipEdge>[]> {
  const chosen = requests.map((request) => {
    const types = checkedTypes(request.types);
    const after = decodeCursor(request.after);
    const row = index.row(request.entityId);
    if (row === undefined) return { row: -1, page: { entries: [], total: 0, hasNext: false } };
    return { row, page: index.page(row, { direction: request.direction, allowed: typeFilter(types) }, after, request.first) };
  });
  // One branch per (entity, direction) of the pages: each reads the page's relationships from the asked entity's side.
  const branches = new Map<string, { row: number; incoming: boolean; others: Set<number>; types: Set<number> }>();
  const others = new Set<number>();
  for (const { row, page } of chosen) {
    for (const { neighbour, meta } of page.entries) {
      const incoming = (meta & INCOMING) !== 0;
      const key = `${row}|${incoming}`;
      const branch = branches.get(key) ?? { row, incoming, others: new Set<number>(), types: new Set<number>() };
      branches.set(key, branch);
      branch.others.add(neighbour);
      branch.types.add(meta & TYPE_MASK);
      others.add(neighbour);
    }
  }
  const otherRows = [...others];
  const [entities, relationships] = await Promise.all([reads.getEntities(otherRows.map((r) => index.id(r))), readBranches(index, reads, [...branches.values()])]);
  const entityAt = new Map(otherRows.map((r, i) => [r, entities[i]!]));
  return chosen.map(({ row, page }) => ({
    items: page.entries.map(({ neighbour, meta }) => {
      const incoming = (meta & INCOMING) !== 0;
      return {
        relationship: relationships.get(relationshipKey(row, incoming, neighbour, meta & TYPE_MASK))!,
        direction: incoming ? 'IN' : 'OUT',
        other: entityAt.get(neighbour)!,
      };
    }),
    totalCount: page.total,
    hasNextPage: page.hasNext,
  }));
}

/** Reads the relationships of the branches, a UNION ALL of up to MAX_BRANCHES per round trip. */
async function readBranches(
  index: AdjacencyIndex,
  reads: PageReads,
  branches: { row: number; incoming: boolean; others: Set<number>; types: Set<number> }[],
): Promise<Map<string, ReturnType<typeof toRelationship>>> {
  const found = new Map<string, ReturnType<typeof toRelationship>>();
  const rounds: Promise<void>[] = [];
  for (let at = 0; at < branches.length; at += MAX_BRANCHES) {
    const chunk = branches.slice(at, at + MAX_BRANCHES);
    // Every branch projects the same columns (UNION ALL needs them), so each names all properties of the chunk's
    // types, as NULL where its own types lack one.
    const chunkTypes = [...new Set(chunk.flatMap((b) => [...b.types]))].map((t) => relationshipTypeNames[t]!);
    const props = [...new Set(chunkTypes.flatMap((t) => Object.keys(relationshipProperties(t))))].sort();
    const params: Params = {};
    const statement = chunk
      .map((b, i) => {
        // Naming the types matters: a pattern over every relationship table is several times slower to read.
        const types = [...b.types].map((t) => relationshipTypeNames[t]!).sort();
        const own = new Set(types.flatMap((t) => Object.keys(relationshipProperties(t as RelationshipTypeName))));
        const arrow = b.incoming ? `<-[r${typedPattern(types)}]-` : `-[r${typedPattern(types)}]->`;
        params[`id${i}`] = index.id(b.row);
        params[`o${i}`] = [...b.others];
        return (
          `MATCH (x:${ENTITY_LABEL} {id: $id${i}})${arrow}(o:${ENTITY_LABEL}) WHERE o.rowid IN $o${i} ` +
          `RETURN ${i} AS branch, o.rowid AS o_row, label(r) AS r_type, r.evidence AS r_evidence, r.sources AS r_sources` +
          props.map((p) => `, ${own.has(p) ? `r.${p}` : `CAST(NULL AS ${columnType(p)})`} AS r_${p}`).join('')
        );
      })
      .join(' UNION ALL ');
    rounds.push(
      reads.read('relationshipPages', statement, params).then((rows) => {
        for (const row of rows) {
          const branch = chunk[Number(row.branch)]!;
          const other = Number(row.o_row);
          const type = relationshipTypeNames.indexOf(row.r_type as RelationshipTypeName);
          row.r_from = index.id(branch.incoming ? other : branch.row);
          row.r_to = index.id(branch.incoming ? branch.row : other);
          found.set(relationshipKey(branch.row, branch.incoming, other, type), toRelationship(row));
        }
      }),
    );
  }
  await Promise.all(rounds);
  return found;
}

/** The engine type of a relationship property column (a NULL in a UNION ALL branch must carry it). */
function columnType(property: string): string {
  return LADYBUG_TYPES[relationshipPropertyColumns()[property]!.type];
}

function relationshipKey(row: number, incoming: boolean, other: number, type: number): string {
  return `${row}|${incoming ? 'IN' : 'OUT'}|${type}|${other}`;
}

/**
 * Neighbour listings: the entities one relationship away, distinct, without the entity itself, of the asked kinds,
 * in the asked order, at most `first` each. Rows come from the index (linear in the entity's degree, no engine
 * read); then one engine round trip reads the entities of every listing.
 */
export async function neighbourPages(index: AdjacencyIndex, reads: PageReads, requests: readonly NeighbourRequest[]): Promise<Entity[][]> {
  const chosen = requests.map((request) => {
    const types = checkedTypes(request.types);
    const kinds = checkedKinds(request.kinds);
    const row = index.row(request.entityId);
    if (row === undefined || request.first <= 0) return [];
    const order = request.order ?? { by: 'name' };
    const after = order.by === 'id' ? order.after : undefined;
    const afterName = order.by === 'name' ? order.after : undefined;
    const rows = index
      .neighbourRows(row, { direction: request.direction, allowed: typeFilter(types) })
      .filter(
        (r) =>
          (!kinds || kinds.includes(index.kind(r)!)) &&
          (after === undefined || compareIds(index.id(r), after) > 0) &&
          (afterName === undefined || (compareIds(index.name(r), afterName.name) || compareIds(index.id(r), afterName.id)) > 0),
      );
    const byId = (a: number, b: number) => compareIds(index.id(a), index.id(b));
    return smallest(request.first, rows, order.by === 'id' ? byId : (a, b) => compareIds(index.name(a), index.name(b)) || byId(a, b));
  });
  const ids = [...new Set(chosen.flat())].map((r) => index.id(r));
  const entities = ids.length === 0 ? [] : await reads.getEntities(ids);
  const byId = new Map(ids.map((id, i) => [id, entities[i]]));
  return chosen.map((rows) => rows.flatMap((r) => byId.get(index.id(r)) ?? []));
}
