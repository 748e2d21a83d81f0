/**
 * The production engine: Neo4j through the official driver. Reads go through executeRead and writes through
 * executeWrite, so a routing URI (neo4j://, neo4j+s://) sends reads to followers; every session names its
 * database and shares the driver's bookmark manager, so a read after a write sees that write.
 */
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { isKind, type KindName } from '../../ontology/ontology';
import { neo4jEntityMerge } from '../../ontology/schema';
import { CypherGraphStore, type TransactionRun } from '../cypher-store';
import type { BulkLoadOptions, BulkLoadReport, CypherOptions, CypherResult, Json, SearchHit } from '../port';
import type { Params, Row } from '../rows';
import { answerCypher } from '../user-cypher';
import { queryWords, rankHits, scoreEntity, wordShareHits } from '../search-score';
import { foldForSearch } from '../../text/normalise';
import { entityFromProjection, fullTextParams, fullTextQuery, indexTerms, luceneQuery } from './full-text';
import { ID_LOOKUP_QUERY, neo4jValue, portableRecords } from './values';
import { bulkLoadNeo4j } from './bulk';
import { neo4jDialect } from './dialect';
import { engineError, isIndexProblem } from './errors';
import { applySchema, migrationPlan } from './schema';
import type { MigrationPlan } from '../../ontology/evolution';


export interface Neo4jOptions {
  uri: string;
  username: string;
  password: string;
  database: string;
}

export class Neo4jGraphStore extends CypherGraphStore {
  readonly engine = 'neo4j' as const;
  protected readonly dialect = neo4jDialect;
  private readonly driver: Driver;

  constructor(private readonly options: Neo4jOptions, driver?: Driver) {
    super();
    this.driver =
      driver ??
      neo4j.driver(options.uri, neo4j.auth.basic(options.username, options.password), {
        disableLosslessIntegers: false,
        userAgent: 'knowledge-graph',
      });
  }

  /** A session on the named database (no home-database lookup) that shares bookmarks with every other. */
  session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
  }

  async init(): Promise<void> {
    try {
      await this.driver.verifyConnectivity({ database: this.options.database });
    } catch (e) {
      throw engineError(e, this.options.uri);
    }
    await applySchema(
      (statement, params) => this.writeTransaction('applySchema', (run) => run(statement, params)),
      (query, params) => this.read('applySchema', query, params),
      this.options.database,
    );
  }

  /** What `kg migrate` finds between this database and the ontology in use (./schema.ts); reads only. */
  async migrationPlan(): Promise<MigrationPlan> {
    try {
      await this.driver.verifyConnectivity({ database: this.options.database });
    } catch (e) {
      throw engineError(e, this.options.uri);
    }
    return migrationPlan((query, params) => this.read('migrationPlan', query, params));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  protected async read(operation: string, query: string, params: Params = {}): Promise<Row[]> {
    const session = this.session('READ');
    try {
      this.rounds++;
      const result = await session.executeRead((tx) => tx.run(query, toDriverParams(params)), { metadata: { app: 'kg', operation } });
      return result.records.map((r) => Object.fromEntries(r.keys.map((k) => [String(k), neo4jValue(r.get(k))])));
    } catch (e) {
      throw engineError(e, this.options.uri);
    } finally {
      await session.close();
    }
  }

  protected async writeTransaction<T>(operation: string, work: (run: TransactionRun) => Promise<T>): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(
        async (tx) =>
          work(async (query, params) => {
            this.rounds++;
            const result = await tx.run(query, toDriverParams(params ?? {}));
            return result.records.map((r) => Object.fromEntries(r.keys.map((k) => [String(k), neo4jValue(r.get(k))])));
          }),
        { metadata: { app: 'kg', operation } },
      );
    } catch (e) {
      throw engineError(e, this.options.uri);
    } finally {
      await session.close();
    }
  }

  /** Entities also carry their kind as a label (`:Entity:Person`) so Neo4j users can match by kind. */
  protected override async upsertEntities(run: TransactionRun, rows: Row[], sets: string): Promise<void> {
    const byKind = new Map<string, Row[]>();
    for (const row of rows) {
      const group = byKind.get(row.kind as string);
      if (group) group.push(row);
      else byKind.set(row.kind as string, [row]);
    }
    for (const [kind, group] of byKind) {
      // `kind` was validated against the ontology, so it is safe to inline as a label.
      await run(`UNWIND $rows AS row ${neo4jEntityMerge(kind, sets)}`, {
        rows: group,
      });
    }
  }

  /**
   * Search through the full-text index; the ranking is the shared one, so both engines order hits alike.
   * Falls back to the shared scan when the index has nothing to offer (inside-word matches) or cannot answer.
   */
  override async search(text: string, options: { kinds?: KindName[]; first: number }): Promise<SearchHit[]> {
    const folded = foldForSearch(text);
    const terms = indexTerms(folded);
    // Empty text, unknown kinds and one-letter queries are the shared implementation's to answer or refuse.
    if (terms.length === 0 || options.kinds?.some((k) => !isKind(k))) return super.search(text, options);
    const kinds = options.kinds && options.kinds.length > 0 ? options.kinds : undefined;
    const candidates = async (query: string) =>
      (await this.read('search', fullTextQuery(kinds !== undefined), fullTextParams(query, kinds))).map((r) =>
        entityFromProjection(r.entity as Record<string, Json>),
      );
    try {
      let hits = (await candidates(luceneQuery(terms, 'all'))).map((e) => scoreEntity(e, folded)).filter((h): h is SearchHit => h !== null);
      if (hits.length === 0) {
        // No phrase match: score by the share of words matched, as the shared implementation does.
        const words = queryWords(folded);
        // One index query for any of the words; each word then scores the same pool.
        const pool = words.length > 0 ? await candidates(luceneQuery(words, 'any')) : [];
        hits = await wordShareHits(words, async () => pool);
      }
      if (hits.length > 0) return rankHits(hits, options.first, text);
    } catch (e) {
      if (!isIndexProblem(e)) throw e;
    }
    return super.search(text, options);
  }

  /** The server stops the transaction at the time limit; the work is one transaction, committed whole or not at all. */
  async runCypher(query: string, options: CypherOptions): Promise<CypherResult> {
    return answerCypher(
      this.engine,
      query,
      options,
      async () => {
        const session = this.session(options.readOnly ? 'READ' : 'WRITE');
        try {
          this.rounds++;
          const txConfig = { timeout: options.timeoutMs, metadata: { app: 'kg', operation: 'cypher' } };
          const work = async (tx: ManagedTransaction) => {
            const result = tx.run(query, toDriverParams(options.params ?? {}));
            const columns = (await result.keys()).map(String);
            const raw: unknown[][] = [];
            let truncated = false;
            // Stream, and stop one record past the cap: leaving the loop discards the rest on the server.
            for await (const record of result) {
              if (raw.length >= options.maxRows) {
                truncated = true;
                break;
              }
              raw.push(record.keys.map((k) => record.get(k)));
            }
            const rows = await portableRecords(raw, async (ids) => {
              this.rounds++;
              const found = await tx.run(ID_LOOKUP_QUERY, { ids });
              return new Map(found.records.map((r) => [String(r.get('element')), String(r.get('id'))]));
            });
            return { columns, rows, truncated };
          };
          // A READ transaction makes the server itself refuse any write, before anything changes.
          return options.readOnly ? await session.executeRead(work, txConfig) : await session.executeWrite(work, txConfig);
        } finally {
          await session.close();
        }
      },
      (e) => engineError(e, this.options.uri, query),
    );
  }

  /** Loads a bulk folder in batched UNWIND write transactions (./bulk.ts); MERGE keeps a re-run idempotent. */
  bulkLoad(dir: string, options: BulkLoadOptions = {}): Promise<BulkLoadReport> {
    return bulkLoadNeo4j(this, dir, { batchSize: options.batchSize, uri: this.options.uri }, options.onProgress);
  }
}

/** Whole numbers in parameters go to the driver as Neo4j integers so LIMIT and list indexes accept them. */
function toDriverParams(params: Params): Params {
  const convert = (v: unknown): unknown => {
    if (typeof v === 'number' && Number.isInteger(v)) return neo4j.int(v);
    if (Array.isArray(v)) return v.map(convert);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    }
    return v;
  };
  return convert(params) as Params;
}
