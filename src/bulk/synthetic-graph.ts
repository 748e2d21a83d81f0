/**
 * A synthetic knowledge graph for load and speed tests: entities of every kind of the ontology, relationships
 * only between kinds the ontology allows, heavy-tailed degrees (a few hubs such as countries and sectors,
 * many leaves), each relationship with one generated evidence quote and a synthetic source.
 * The same options and seed always give the same files, byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { KgError } from '../errors';
import { searchTextOf } from '../graph/search-score';
import {
  KINDS,
  RELATIONSHIP_TYPES,
  entityPropertyColumns,
  kindNames,
  kindProperties,
  relationshipProperties,
  relationshipTypeNames,
  type KindName,
  type PropertySpec,
  type RelationshipTypeName,
} from '../ontology/ontology';
import {
  BULK_FORMAT,
  MANIFEST_FILE,
  SEARCH_TEXT_SEPARATOR,
  SOURCE_CSV_COLUMNS,
  entityCsvColumns,
  listLiteral,
  relationshipCsvColumns,
  type BulkManifest,
} from '../graph/bulk-files';

export interface GenerateOptions {
  entities: number;
  relationships: number;
  seed: number;
  outDir: string;
  /** Called as rows are written: what is being written and how many rows of it so far. */
  onProgress?: (written: number, total: number) => void;
}

/** Small fast PRNG (sfc32) seeded through splitmix32: Math.random cannot be seeded, and runs must repeat. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.float();
  }

  /** Uniform in [0, 1). */
  float(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** Index in [0, n) skewed towards 0: P(index < k) = (k/n)^(1/skew), a power law for skew > 1. */
  skewed(n: number, skew: number): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.float(), skew)));
  }
}

/** Share of entities per kind (the ontology's `generator.share`); hub kinds are counted apart. */
const DEFAULT_SHARE = 0.02;
/** How many relationships of each type relative to each other (the ontology's `generator.weight`). */
const DEFAULT_WEIGHT = 1;

/** How a type reads in a generated quote: the ontology's display phrase ("takes part in"). */
function quotePhrase(type: RelationshipTypeName): string {
  return RELATIONSHIP_TYPES[type]!.display;
}

/** Skew of the endpoint choice: targets are skewed harder than origins, so hubs collect incoming edges. */
const FROM_SKEW = 1.6;
const TO_SKEW = 2.6;
/** Relationships attributed to one synthetic source. */
const QUOTES_PER_SOURCE = 1000;
const BATCH = 5000;

const FIRST = ['Amir', 'Anna', 'Boris', 'Chen', 'Dara', 'Elena', 'Farid', 'Goran', 'Hana', 'Ivan', 'Jalal', 'Kira', 'Leila', 'Maxim', 'Nadia', 'Omid', 'Pavel', 'Rana', 'Sergei', 'Tara', 'Umar', 'Vera', 'Yusuf', 'Zara'];
const LAST = ['Abbasi', 'Belov', 'Chernov', 'Darvish', 'Egorova', 'Farahani', 'Gromov', 'Hosseini', 'Ivanova', 'Jafari', 'Karimi', 'Lebedev', 'Moradi', 'Novikov', 'Orlova', 'Petrov', 'Rahimi', 'Sokolov', 'Tehrani', 'Volkova', 'Zaitsev'];
const SYLLABLES = ['ka', 'ra', 'vel', 'mor', 'sa', 'tan', 'li', 'do', 'ne', 'shi', 'bar', 'zu', 'po', 'an', 'tel', 'gor', 'mi', 'ha', 'ves', 'qa'];
const ORG_NOUNS = ['Energy', 'Transport', 'Atomic', 'Trade', 'Railway', 'Oil', 'Gas', 'Banking', 'Shipping', 'Customs', 'Security', 'Grain'];
const ORG_TYPES = ['Agency', 'Ministry', 'Company', 'Council', 'Bank', 'Commission', 'Authority', 'Institute'];
const PLACE_TYPES = ['city', 'port', 'oil fields', 'region', 'province', 'border crossing'];
const PROJECT_TYPES = ['railway', 'power plant', 'corridor', 'pipeline', 'port terminal', 'refinery'];
const AGREEMENT_TYPES = ['memorandum', 'treaty', 'contract', 'roadmap'];
const EVENT_TYPES = ['summit', 'exercise', 'talks', 'visit', 'forum'];
// Names of generated entities; property values come from each property's `examples` in the ontology.
const SECTORS = ['energy', 'transport', 'banking', 'agriculture', 'defence', 'nuclear energy', 'oil and gas', 'trade', 'tourism', 'science', 'health', 'mining'];

/** A name made of 2–3 syllables, capitalised. */
function coined(rng: SeededRandom): string {
  const n = 2 + rng.int(2);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(SYLLABLES);
  return s[0]!.toUpperCase() + s.slice(1);
}

function entityName(kind: KindName, i: number, rng: SeededRandom): string {
  switch (kind) {
    case 'Person':
      return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    case 'Organization':
      return `${coined(rng)} ${rng.pick(ORG_NOUNS)} ${rng.pick(ORG_TYPES)}`;
    case 'Group':
      return `${coined(rng)} delegation`;
    case 'Country':
      return `${coined(rng)}ia`;
    case 'Place':
      return `${coined(rng)} ${rng.pick(PLACE_TYPES)}`;
    case 'Project':
      return `${coined(rng)}-${coined(rng)} ${rng.pick(PROJECT_TYPES)}`;
    case 'Agreement':
      return `${coined(rng)} ${rng.pick(ORG_NOUNS).toLowerCase()} ${rng.pick(AGREEMENT_TYPES)}`;
    case 'Event':
      return `${2000 + rng.int(26)} ${coined(rng)} ${rng.pick(EVENT_TYPES)}`;
    case 'Investment':
      return `${coined(rng)} ${rng.pick(ORG_NOUNS).toLowerCase()} investment`;
    case 'Policy':
      return `${coined(rng)} ${rng.pick(['tariff', 'sanction', 'export ban', 'quota'])}`;
    case 'Sector':
      return i < SECTORS.length ? SECTORS[i]! : `${rng.pick(SECTORS)} ${i}`;
    default:
      return `${kind} ${i}`;
  }
}

/** A plausible value for one property (one of its `examples` when the ontology gives some), or null a third of the time. */
function propertyValue(spec: PropertySpec, rng: SeededRandom, name: string): unknown {
  if (rng.int(3) === 0) return null;
  if (spec.examples) return rng.pick(spec.examples);
  switch (spec.type) {
    case 'number':
      return (1 + rng.int(999)) * 1_000_000;
    case 'boolean':
      return rng.int(2) === 1;
    case 'string[]':
      return [rng.pick(SECTORS), rng.pick(SECTORS)].filter((v, i, a) => a.indexOf(v) === i);
    default:
      return `${name} ${rng.int(100)}`;
  }
}

/** A CSV cell for a property value; lists are written as the engine's list literal `[a,b]`. */
function cell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return listLiteral(v as string[]);
  return v as string | number;
}

/** Kinds that are few but linked to by many (the ontology's `generator.hub`): they take HUB_SHARE of the ends they may fill. */
const HUB_KINDS: readonly KindName[] = kindNames.filter((k) => KINDS[k]!.generator.hub);
const HUB_SHARE = 0.3;

/** How likely each allowed kind is as a relationship end: by population, except hub kinds, which get HUB_SHARE. */
function kindWeights(kinds: readonly KindName[], counts: Record<KindName, number>): number[] {
  const hubs = kinds.filter((k) => HUB_KINDS.includes(k));
  const others = kinds.reduce((s, k) => s + (HUB_KINDS.includes(k) ? 0 : counts[k]), 0);
  if (hubs.length === 0 || others === 0) return kinds.map((k) => counts[k]);
  return kinds.map((k) => (HUB_KINDS.includes(k) ? (others * HUB_SHARE) / (1 - HUB_SHARE) / hubs.length : counts[k]));
}

/** How many entities of each kind for a graph of `total` entities (at least one of each). */
export function kindCounts(total: number): Record<KindName, number> {
  if (total < kindNames.length * 4) {
    throw new KgError('BAD_USER_INPUT', `--entities ${total} is too small: at least ${kindNames.length * 4} are needed (four of each kind)`, { path: 'entities' });
  }
  const counts = {} as Record<KindName, number>;
  const hubs: Partial<Record<KindName, number>> = {};
  for (const k of HUB_KINDS) {
    const hub = KINDS[k]!.generator.hub!;
    hubs[k] = Math.max(hub.min, Math.min(hub.max, Math.round(Math.sqrt(total) / hub.divisor)));
  }
  const share = (k: KindName) => KINDS[k]!.generator.share ?? DEFAULT_SHARE;
  const shareTotal = kindNames.reduce((s, k) => s + (hubs[k] === undefined ? share(k) : 0), 0);
  const rest = Math.max(0, total - (Object.values(hubs) as number[]).reduce((a, b) => a + b, 0));
  let assigned = 0;
  for (const k of kindNames) {
    counts[k] = hubs[k] ?? Math.max(1, Math.floor((rest * share(k)) / shareTotal));
    assigned += counts[k];
  }
  // Rounding leftovers go to the largest kind so the total is exact.
  const largest = kindNames.reduce((a, b) => (counts[a]! >= counts[b]! ? a : b));
  counts[largest] += total - assigned;
  return counts;
}

/** Writes CSV rows to a file in batches; the caller must `close()` it. */
class CsvFile {
  private readonly fd: number;
  private rows: unknown[][] = [];
  count = 0;

  constructor(
    readonly file: string,
    columns: readonly string[],
  ) {
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, stringify([columns as string[]]));
  }

  push(row: unknown[]): void {
    this.rows.push(row);
    this.count++;
    if (this.rows.length >= BATCH) this.flush();
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    fs.writeSync(this.fd, stringify(this.rows, { cast: { boolean: (b) => String(b) } }));
    this.rows = [];
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Generates the graph and writes the bulk folder (CSV files and manifest); returns the manifest. */
export function generateGraph(options: GenerateOptions): BulkManifest {
  const { entities: total, relationships: wanted, seed, outDir } = options;
  if (!Number.isInteger(total) || total < 1) throw new KgError('BAD_USER_INPUT', '--entities must be a positive integer', { path: 'entities' });
  if (!Number.isInteger(wanted) || wanted < 0) throw new KgError('BAD_USER_INPUT', '--relationships must be a non-negative integer', { path: 'relationships' });
  if (!Number.isInteger(seed)) throw new KgError('BAD_USER_INPUT', '--seed must be an integer', { path: 'seed' });
  fs.mkdirSync(outDir, { recursive: true });
  const rng = new SeededRandom(seed);
  const counts = kindCounts(total);
  const progressTotal = total + wanted;
  let progress = 0;
  const tick = (n = 1) => {
    progress += n;
    if (progress % 50_000 === 0 || progress === progressTotal) options.onProgress?.(progress, progressTotal);
  };

  // Entities: global index g → kind and name; ids are `<kind>-<n>` within the kind.
  const kindStart = new Map<KindName, number>();
  const names: string[] = new Array(total);
  const entityFiles: BulkManifest['files']['entities'] = [];
  const propColumns = Object.keys(entityPropertyColumns());
  let g = 0;
  for (const kind of kindNames) {
    kindStart.set(kind, g);
    const file = `entities-${kind}.csv`;
    const csv = new CsvFile(path.join(outDir, file), entityCsvColumns());
    const own = kindProperties(kind);
    for (let i = 0; i < counts[kind]; i++, g++) {
      const name = entityName(kind, i, rng);
      names[g] = name;
      const description = `Synthetic ${kind.toLowerCase()} number ${i} of a generated graph (seed ${seed}).`;
      const searchText = searchTextOf({ name, aliases: [], description }).replaceAll('\n', SEARCH_TEXT_SEPARATOR);
      const row: unknown[] = [entityId(kind, i), kind, name, '[]', description, searchText];
      for (const p of propColumns) row.push(own[p] ? cell(propertyValue(own[p]!, rng, p)) : null);
      csv.push(row);
      tick();
    }
    csv.close();
    entityFiles.push({ kind, file, rows: csv.count });
  }

  // Relationships: type by weight, kinds allowed by the ontology weighted by their size, ends skewed.
  const weightOf = (t: RelationshipTypeName) => RELATIONSHIP_TYPES[t]!.generator.weight ?? DEFAULT_WEIGHT;
  const types = relationshipTypeNames.filter((t) => weightOf(t) > 0);
  const weights = types.map(weightOf);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perType = new Map<RelationshipTypeName, number>();
  let placed = 0;
  types.forEach((t, i) => {
    const n = i === types.length - 1 ? wanted - placed : Math.floor((wanted * weights[i]!) / weightSum);
    perType.set(t, n);
    placed += n;
  });
  const sourceCount = Math.max(1, Math.ceil(wanted / QUOTES_PER_SOURCE));
  const seen = new Set<number>();
  const relationshipFiles: BulkManifest['files']['relationships'] = [];
  let quoteNumber = 0;
  for (const [typeIndex, type] of types.entries()) {
    const spec = RELATIONSHIP_TYPES[type];
    const fromKinds = spec.from as readonly KindName[];
    const toKinds = spec.to as readonly KindName[];
    const chooser = (kinds: readonly KindName[]) => {
      const weights = kindWeights(kinds, counts);
      const sum = weights.reduce((a, b) => a + b, 0);
      return () => {
        let r = rng.float() * sum;
        for (const [i, k] of kinds.entries()) {
          if (r < weights[i]!) return k;
          r -= weights[i]!;
        }
        return kinds[kinds.length - 1]!;
      };
    };
    const pickFrom = chooser(fromKinds);
    const pickTo = chooser(toKinds);
    const file = `relationships-${type}.csv`;
    const csv = new CsvFile(path.join(outDir, file), relationshipCsvColumns(type));
    const props = relationshipProperties(type);
    const target = perType.get(type)!;
    let attempts = 0;
    while (csv.count < target) {
      if (++attempts > target * 50 + 1000) {
        throw new KgError('BAD_USER_INPUT', `cannot place ${target} distinct ${type} relationships among ${total} entities; ask for fewer relationships or more entities`, { path: 'relationships' });
      }
      const fromKind = pickFrom();
      const toKind = pickTo();
      const from = kindStart.get(fromKind)! + rng.skewed(counts[fromKind], FROM_SKEW);
      const to = kindStart.get(toKind)! + rng.skewed(counts[toKind], TO_SKEW);
      if (from === to) continue;
      // One relationship per (from, type, to): the product identifies a relationship by its ends and type.
      const key = (from * total + to) * types.length + typeIndex;
      if (seen.has(key)) continue;
      seen.add(key);
      const source = sourceId(Math.floor(quoteNumber++ / QUOTES_PER_SOURCE));
      const row: unknown[] = [
        entityId(fromKind, from - kindStart.get(fromKind)!),
        entityId(toKind, to - kindStart.get(toKind)!),
        listLiteral([`${names[from]} ${quotePhrase(type)} ${names[to]}.`]),
        listLiteral([source]),
      ];
      for (const [p, s] of Object.entries(props)) row.push(cell(propertyValue(s, rng, p)));
      csv.push(row);
      tick();
    }
    csv.close();
    relationshipFiles.push({ type, file, rows: csv.count });
  }

  const sourcesFile = 'sources.csv';
  const sources = new CsvFile(path.join(outDir, sourcesFile), SOURCE_CSV_COLUMNS);
  for (let s = 0; s < sourceCount; s++) {
    sources.push([
      sourceId(s),
      `Synthetic dispatch ${s}`,
      null,
      'kg generate',
      null,
      `A synthetic source written by kg generate (seed ${seed}) for load and speed tests. ` +
        `The quotes attributed to it are generated from templates such as "<entity> met with <entity>." and state nothing about the world.`,
    ]);
  }
  sources.close();

  const manifest: BulkManifest = {
    format: BULK_FORMAT,
    seed,
    entities: total,
    relationships: wanted,
    sources: sourceCount,
    files: { sources: { file: sourcesFile, rows: sourceCount }, entities: entityFiles, relationships: relationshipFiles },
  };
  fs.writeFileSync(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  options.onProgress?.(progressTotal, progressTotal);
  return manifest;
}

/** Id of the i-th generated entity of a kind, e.g. `person-42`. */
export function entityId(kind: KindName, i: number): string {
  return `${kind.toLowerCase()}-${i}`;
}

/** Id of the i-th synthetic source. */
export function sourceId(i: number): string {
  return `synthetic-source-${i}`;
}
