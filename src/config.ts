/**
 * The one place configuration is read from the environment (and `.env` through dotenv).
 * Every option is documented here with its default; README's configuration table mirrors this list.
 */
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import type * as Zod from 'zod';
import { ENGINE_NAMES } from './graph/engines';
import type { EngineName } from './graph/port';

dotenv.config({ quiet: true });

/** Memory ceiling of one user's Cypher query on the embedded engine when KG_CYPHER_MEMORY_MB is unset, in MiB. */
export const DEFAULT_CYPHER_MEMORY_MB = 1024;

/** The ontology file used when KG_ONTOLOGY is unset, relative to the project root. */
export const DEFAULT_ONTOLOGY = 'ontology/default.yaml';

/** The options, their types and defaults; built on the first read, so `kg --help` never loads zod. */
function optionsSchema() {
  const { z } = require('zod') as typeof Zod;
  const bool = z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
  const int = (min: number) => z.coerce.number().int().min(min);
  const optionalString = z.string().trim().min(1).optional().catch(undefined);

  return z.object({
    /** The ontology file (YAML): kinds, relationship types, properties, styles. Default `ontology/default.yaml` (shipped). */
    KG_ONTOLOGY: optionalString,
    /** Folder of the embedded LadybugDB database; created and seeded on first start. Default `./data/kg`. */
    KG_DATA_DIR: z.string().default('./data/kg'),
    /** Buffer pool of the embedded engine in MiB; bounds its memory. Default 512. */
    KG_BUFFER_POOL_MB: int(64).default(512),
    /** Seed the graph from `seed/` when the server starts: documents whose source is not in the graph yet. Default true. */
    KG_SEED_ON_START: bool.default(true),
    /** Port of the HTTP server. Default 4000. */
    KG_PORT: int(0).default(4000),
    /** Interface the HTTP server binds. Default 127.0.0.1 (the container sets 0.0.0.0). */
    KG_HOST: z.string().default('127.0.0.1'),
    /** Bearer token that allows writes (Cypher writes, ingest). Unset: writes over the API are refused. */
    KG_ADMIN_TOKEN: optionalString,
    /** Allowed CORS origins, comma separated; `*` for any. Default: none (same origin only). */
    KG_CORS_ORIGINS: z.string().default(''),
    /** Development mode: error details and stack traces reach API clients. Default false. */
    KG_DEV: bool.default(false),
    /** Log level (pino). Default `info`. */
    KG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Time limit for a user's Cypher query in ms. Default 5000. */
    KG_CYPHER_TIMEOUT_MS: int(1).default(5000),
    /**
     * Users' Cypher queries the embedded engine runs at once (each in a query process of its own); more wait their
     * turn within their time limit. Default one fewer than the cores, at least 1, at most 2.
     */
    KG_CYPHER_CONCURRENCY: int(1).optional(),
    /** Memory ceiling of one user's Cypher query on the embedded engine, in MiB (its query process is stopped past it). Default 1024. */
    KG_CYPHER_MEMORY_MB: int(192).default(DEFAULT_CYPHER_MEMORY_MB),
    /** Row cap for a user's Cypher query; more rows mark the result truncated. Default 1000. */
    KG_CYPHER_MAX_ROWS: int(1).default(1000),
    /** Largest `first` a list operation accepts. Default 100. */
    KG_MAX_PAGE_SIZE: int(1).default(100),
    /** Largest `maxHops` a traversal accepts. Default 6. */
    KG_MAX_HOPS: int(1).default(6),
    /** Deepest GraphQL selection accepted. Default 12. */
    KG_MAX_QUERY_DEPTH: int(1).default(12),
    /** Largest estimated GraphQL query cost accepted. Default 5000. */
    KG_MAX_QUERY_COST: int(1).default(5000),
    /** Largest request body in KiB (JSON POST). Default 1024. */
    KG_MAX_REQUEST_KB: int(1).default(1024),
    /** Most lexical tokens the GraphQL parser reads from one query before giving up. Default 5000. */
    KG_MAX_QUERY_TOKENS: int(1).default(5000),
    /** Most fields one GraphQL operation may select, aliases and fragment uses counted each time. Default 500. */
    KG_MAX_QUERY_FIELDS: int(1).default(500),
    /** Deepest nesting of lists and objects in a JSON argument (`params`, `document`). Default 6. */
    KG_MAX_JSON_DEPTH: int(1).default(6),
    /** Most values (each list, object, string, number …) in one JSON argument. Default 10000. */
    KG_MAX_JSON_VALUES: int(1).default(10000),
    /** Longest `search(text:)` in characters. Default 200. */
    KG_MAX_SEARCH_LENGTH: int(1).default(200),
    /**
     * Largest graph (entities) whose searches still look inside names and descriptions, by a scan of every entity,
     * when the name index finds no name; larger graphs answer from the name index alone once it is built (the scan
     * costs 1–2 s at a million entities). Embedded engine. Default 100000.
     */
    KG_SEARCH_SCAN_MAX_ENTITIES: int(0).default(100_000),
    /** The engine: `embedded` or `neo4j` (which needs NEO4J_URI). Default `neo4j` when NEO4J_URI is set, else `embedded`. */
    KG_ENGINE: z.enum(ENGINE_NAMES as [EngineName, ...EngineName[]]).optional(),
    /** Neo4j bolt/neo4j URI; when set (and KG_ENGINE unset), Neo4j is the engine. Default unset (embedded engine). */
    NEO4J_URI: optionalString,
    /** Neo4j user. Default `neo4j`. */
    NEO4J_USERNAME: z.string().default('neo4j'),
    /** Neo4j password. Default empty. */
    NEO4J_PASSWORD: z.string().default(''),
    /** Neo4j database name, always sent so a cluster skips the home-database lookup. Default `neo4j`. */
    NEO4J_DATABASE: z.string().default('neo4j'),
  });
}

let schema: ReturnType<typeof optionsSchema> | undefined;

export interface Config {
  engine: EngineName;
  /** The ontology file in use (absolute). */
  ontologyFile: string;
  dataDir: string;
  bufferPoolMb: number;
  seedOnStart: boolean;
  port: number;
  host: string;
  adminToken: string | undefined;
  corsOrigins: string[];
  dev: boolean;
  logLevel: string;
  cypherTimeoutMs: number;
  cypherMaxRows: number;
  cypherConcurrency: number;
  cypherMemoryMb: number;
  maxPageSize: number;
  maxHops: number;
  maxQueryDepth: number;
  maxQueryCost: number;
  maxRequestBytes: number;
  maxQueryTokens: number;
  maxQueryFields: number;
  maxJsonDepth: number;
  maxJsonValues: number;
  maxSearchLength: number;
  searchScanMaxEntities: number;
  neo4j: { uri: string; username: string; password: string; database: string } | undefined;
  /** Root of the project's data folders (seed/, cypher/, graphql/), resolved from this file. */
  projectRoot: string;
}

/** Reads the configuration from an environment (default `process.env`); throws naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  schema ??= optionsSchema();
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.data;
  const engine = e.KG_ENGINE ?? (e.NEO4J_URI ? 'neo4j' : 'embedded');
  if (engine === 'neo4j' && !e.NEO4J_URI) throw new Error('configuration: KG_ENGINE is neo4j, which needs NEO4J_URI');
  return {
    engine,
    ontologyFile: ontologyFile(env),
    dataDir: path.resolve(e.KG_DATA_DIR),
    bufferPoolMb: e.KG_BUFFER_POOL_MB,
    seedOnStart: e.KG_SEED_ON_START,
    port: e.KG_PORT,
    host: e.KG_HOST,
    adminToken: e.KG_ADMIN_TOKEN,
    corsOrigins: e.KG_CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    dev: e.KG_DEV,
    logLevel: e.KG_LOG_LEVEL,
    cypherTimeoutMs: e.KG_CYPHER_TIMEOUT_MS,
    cypherMaxRows: e.KG_CYPHER_MAX_ROWS,
    cypherConcurrency: e.KG_CYPHER_CONCURRENCY ?? defaultCypherConcurrency(),
    cypherMemoryMb: e.KG_CYPHER_MEMORY_MB,
    maxPageSize: e.KG_MAX_PAGE_SIZE,
    maxHops: e.KG_MAX_HOPS,
    maxQueryDepth: e.KG_MAX_QUERY_DEPTH,
    maxQueryCost: e.KG_MAX_QUERY_COST,
    maxRequestBytes: e.KG_MAX_REQUEST_KB * 1024,
    maxQueryTokens: e.KG_MAX_QUERY_TOKENS,
    maxQueryFields: e.KG_MAX_QUERY_FIELDS,
    maxJsonDepth: e.KG_MAX_JSON_DEPTH,
    maxJsonValues: e.KG_MAX_JSON_VALUES,
    maxSearchLength: e.KG_MAX_SEARCH_LENGTH,
    searchScanMaxEntities: e.KG_SEARCH_SCAN_MAX_ENTITIES,
    neo4j: e.NEO4J_URI
      ? { uri: e.NEO4J_URI, username: e.NEO4J_USERNAME, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE }
      : undefined,
    projectRoot: findProjectRoot(),
  };
}

/**
 * The ontology file KG_ONTOLOGY names (relative to the working directory), else the shipped default. Read without
 * the options schema because the ontology module loads it on import, before any command parses its options.
 */
export function ontologyFile(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.KG_ONTOLOGY?.trim();
  return given ? path.resolve(given) : path.join(findProjectRoot(), DEFAULT_ONTOLOGY);
}

/**
 * Users' Cypher queries at once when KG_CYPHER_CONCURRENCY is unset: one fewer than the cores (so the server's
 * own requests keep a core), at least 1, at most 2.
 */
export function defaultCypherConcurrency(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(2, cores - 1));
}

/** Walks up from this file to the folder holding package.json, so dist/ and src/ builds both find seed/. */
export function findProjectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (require('node:fs').existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
