/**
 * How an incoming record merges with what the graph already holds. Pure functions, shared by both engines,
 * so "loading twice changes nothing" and "the newer source wins" mean the same thing everywhere.
 */
import type { Entity, Evidence, Json, Properties, Relationship, WriteSummary } from './port';

export type MergeOutcome = 'created' | 'updated' | 'unchanged';

/** Aliases grow, the first description is kept, properties merge with the incoming (newer) value winning. */
export function mergeEntity(existing: Entity | null, incoming: Entity): { merged: Entity; outcome: MergeOutcome } {
  if (!existing) return { merged: normaliseEntity(incoming), outcome: 'created' };
  const aliases = unique([...existing.aliases, ...incoming.aliases, ...(existing.name !== incoming.name ? [incoming.name] : [])]).filter(
    (a) => a !== existing.name,
  );
  const merged: Entity = {
    id: existing.id,
    kind: existing.kind,
    name: existing.name,
    aliases,
    description: existing.description ?? incoming.description ?? null,
    properties: mergeProperties(existing.properties, incoming.properties),
  };
  return { merged, outcome: sameJson(merged, normaliseEntity(existing)) ? 'unchanged' : 'updated' };
}

/** Evidence accumulates (one entry per distinct quote and source); properties merge, incoming winning. */
export function mergeRelationship(
  existing: Relationship | null,
  incoming: Relationship,
): { merged: Relationship; outcome: MergeOutcome } {
  if (!existing) return { merged: { ...incoming, evidence: uniqueEvidence(incoming.evidence) }, outcome: 'created' };
  const merged: Relationship = {
    ...existing,
    properties: mergeProperties(existing.properties, incoming.properties),
    evidence: uniqueEvidence([...existing.evidence, ...incoming.evidence]),
  };
  return { merged, outcome: sameJson(merged, existing) ? 'unchanged' : 'updated' };
}

function mergeProperties(older: Properties, newer: Properties): Properties {
  const out: Properties = { ...older };
  for (const [k, v] of Object.entries(newer)) if (v !== null && v !== undefined) out[k] = v;
  return sortKeys(out);
}

function normaliseEntity(e: Entity): Entity {
  return { ...e, aliases: unique(e.aliases), description: e.description ?? null, properties: sortKeys(e.properties) };
}

function uniqueEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.sourceId}\u0000${e.quote}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function sortKeys(p: Properties): Properties {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}

function sameJson(a: Json | object, b: Json | object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Counts merge outcomes into a WriteSummary. */
export function summariseOutcomes(entities: MergeOutcome[], relationships: MergeOutcome[]): WriteSummary {
  const count = (list: MergeOutcome[], o: MergeOutcome) => list.filter((x) => x === o).length;
  return {
    entitiesCreated: count(entities, 'created'),
    entitiesUpdated: count(entities, 'updated'),
    entitiesUnchanged: count(entities, 'unchanged'),
    relationshipsCreated: count(relationships, 'created'),
    relationshipsUpdated: count(relationships, 'updated'),
    relationshipsUnchanged: count(relationships, 'unchanged'),
  };
}
