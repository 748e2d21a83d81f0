/**
 * The production engine: Neo4j through the official driver. Reads go through executeRead and writes through
 * executeWrite, so a routing URI (neo4j://, neo4j+s://) sends reads to followers; every session names its
 * database and shares the driver's bookmark manager, so a read after a write sees that write.
 */
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { KgError } from '../../errors';
import { ENTITY_LABEL, isKind, type KindName } from '../../ontology/ontology';
import { neo4jSchemaStatements } from '../../ontology/schema';
import { CypherGraphStore, typedPattern, type Dialect, type Params, type Row, type TransactionRun } from '../cypher-store';
import type { CypherOptions, CypherResult, Json, SearchHit } from '../port';
import { refuseUnlessRead } from '../cypher-guard';
import { cypherCompileError, cypherRunError, cypherSyntaxError, engineFailure } from '../cypher-errors';
import { queryWords, rankHits, scoreEntity, wordShareHits } from '../search-score';
import { foldForSearch } from '../../text/normalise';
import { entityFromProjection, fullTextParams, fullTextQuery, indexTerms, luceneQuery } from './full-text';
import { ID_LOOKUP_QUERY, neo4jValue, portableRecords } from './values';

export const neo4jDialect: Dialect = {
  typeOf: (v) => `type(${v})`,
  shortestPath: (types, hops, all) => `MATCH p = ${all ? 'allShortestPaths' : 'shortestPath'}((a)-[${typedPattern(types)}*1..${hops}]-(b))`,
  shortestPathsFrom: (types, hops) => `MATCH p = shortestPath((a)-[${typedPattern(types)}*1..${hops}]-(b:${ENTITY_LABEL}))`,
  pathIds: (p) => `[n IN nodes(${p}) | n.id]`,
  pathTypes: (p) => `[r IN relationships(${p}) | type(r)]`,
};

export interface Neo4jOptions {
  uri: string;
  username: string;
  password: string;
  database: string;
}

/** The part of a driver message worth showing: its first line, or what it says the failure was caused by. */
function reason(message: string): string {
  const cause = /Caused by: (.+)$/s.exec(message)?.[1];
  return (cause ?? message).split('\n')[0]!.trim();
}

/** Converts a driver error to the product's error type; the one place that knows Neo4j's codes. */
export function engineError(e: unknown, uri: string, query?: string): KgError {
  if (e instanceof KgError) return e;
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const message = err.message ?? String(e);
  if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    code.includes('DatabaseUnavailable') ||
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH/.test(message)
  ) {
    return new KgError('ENGINE_UNAVAILABLE', `cannot reach Neo4j at ${uri}: is it running? (${reason(message)})`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Security.Unauthorized') || code.includes('AuthenticationRateLimit')) {
    return new KgError('ENGINE_AUTH_FAILED', `Neo4j at ${uri} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Security.CredentialsExpired')) {
    return new KgError('ENGINE_AUTH_FAILED', `Neo4j at ${uri} wants the password of NEO4J_USERNAME changed before use (ALTER CURRENT USER SET PASSWORD)`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Security.Forbidden')) {
    return new KgError('ENGINE_AUTH_FAILED', `the Neo4j user in NEO4J_USERNAME may not do this: ${reason(message)}`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('ConstraintValidationFailed')) {
    return new KgError('CONSTRAINT_VIOLATION', `Neo4j refused the write: ${reason(message)}`, { neo4jCode: code }, { cause: e });
  }
  if (code.includes('Statement.SyntaxError') || code.includes('Statement.SemanticError')) {
    const pos = /\(line (\d+), column (\d+)/.exec(message);
    const at = pos ? { line: Number(pos[1]), column: Number(pos[2]) } : undefined;
    if (code.includes('Statement.SyntaxError') && /^Invalid input/.test(message)) return cypherSyntaxError(query, at, e);
    return cypherCompileError(semanticProblem(message), at, e);
  }
  if (code.includes('Statement.ParameterMissing')) {
    const name = /Expected parameter\(s\): (\S+)/.exec(message)?.[1];
    return new KgError('BAD_USER_INPUT', `the query uses parameter${name ? ` $${name}` : 's'} but no value was given for it`, name ? { path: `params.${name}` } : {}, { cause: e });
  }
  if (code.includes('Statement.ArithmeticError') || code.includes('Statement.TypeError') || code.includes('Statement.ArgumentError') || code.includes('Statement.EntityNotFound')) {
    return cypherRunError(runProblem(code, message), e);
  }
  if (code.includes('Statement.AccessMode') || code.includes('ForbiddenDueToTransactionType') || /write.*read/i.test(code)) {
    return new KgError('CYPHER_WRITE_FORBIDDEN', 'this query would change the graph; writes need the admin token', {}, { cause: e });
  }
  if (code.includes('TransactionTimedOut') || code.includes('Transaction.Terminated') || /timed? ?out/i.test(message)) {
    return new KgError('CYPHER_TIMEOUT', 'the query ran past its time limit and was stopped', {}, { cause: e });
  }
  if (code.includes('DatabaseNotFound')) {
    return new KgError('ENGINE_UNAVAILABLE', `Neo4j at ${uri} has no database named in NEO4J_DATABASE (${reason(message)})`, { neo4jCode: code }, { cause: e });
  }
  return engineFailure(e, { neo4jCode: code });
}

/** What a semantic error is about, in the product's words, when Neo4j's message has a known shape. */
function semanticProblem(message: string): string | undefined {
  const variable = /Variable `([^`]+)` not defined/.exec(message);
  if (variable) return `unknown variable \`${variable[1]}\``;
  const fn = /Unknown function '([\w.]+)'/.exec(message);
  if (fn) return `unknown function \`${fn[1]}\``;
  const procedure = /There is no procedure with the name `([\w.]+)`/.exec(message);
  if (procedure) return `unknown procedure \`${procedure[1]}\``;
  const type = /Type mismatch: expected (.+?) but was (\w+)/.exec(message);
  if (type) return `a value of type ${type[2]} where ${type[1]} is expected`;
  return undefined;
}

/** What a run-time error is about, in the product's words. */
function runProblem(code: string, message: string): string | undefined {
  if (code.includes('ArithmeticError')) return /by zero/i.test(message) ? 'division by zero' : 'an arithmetic error';
  if (code.includes('EntityNotFound')) return 'a node or relationship it used was deleted meanwhile';
  if (code.includes('TypeError')) return 'a value of the wrong type';
  if (code.includes('ArgumentError')) return 'a function was given an argument it does not accept';
  return undefined;
}

/** True when the full-text index cannot answer (missing, still populating, or it rejected the query). */
function isIndexProblem(e: unknown): boolean {
  return e instanceof KgError && e.code === 'ENGINE_ERROR' && /Procedure|Schema\.Index/.test(String(e.details.neo4jCode ?? ''));
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
    for (const statement of neo4jSchemaStatements()) {
      // Schema commands cannot share a transaction with each other, so each gets its own.
      await this.writeTransaction('applySchema', (run) => run(statement));
    }
    // A new full-text index populates in the background; search falls back to a scan until it is online.
    await this.read('awaitIndexes', 'CALL db.awaitIndexes($seconds)', { seconds: 300 }).catch((e: unknown) => {
      if (!isIndexProblem(e)) throw e;
    });
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
      await run(`UNWIND $rows AS row MERGE (e:${ENTITY_LABEL} {id: row.id}) SET e:${kind}, ${sets}, e.aliasText = reduce(s = '', a IN row.aliases | s + ' ' + a)`, {
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

  async runCypher(query: string, options: CypherOptions): Promise<CypherResult> {
    const started = performance.now();
    if (options.readOnly && !options.trusted) refuseUnlessRead(query, this.engine, options.params);
    const session = this.session(options.readOnly ? 'READ' : 'WRITE');
    try {
      this.rounds++;
      // The server stops the transaction at the time limit; the work is one transaction, committed whole or not at all.
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
      const { columns, rows, truncated } = options.readOnly ? await session.executeRead(work, txConfig) : await session.executeWrite(work, txConfig);
      return { columns, rows, truncated, elapsedMs: Math.round((performance.now() - started) * 100) / 100, engine: this.engine };
    } catch (e) {
      throw engineError(e, this.options.uri, query);
    } finally {
      await session.close();
    }
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
