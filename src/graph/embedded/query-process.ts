/**
 * The query process: runs users' read-only Cypher on a read-only view of the database of its own, so a native
 * crash of the engine, an expression that eats gigabytes or a parameter binding that freezes ends this process,
 * never the server. Started, watched and killed by ./user-queries.ts; speaks JSON over the IPC channel,
 * one request at a time.
 */
import lbug from '@ladybugdb/core';
import type { Connection, Database } from '@ladybugdb/core';
import { KgError } from '../../errors';
import { runStatement } from './run-statement';
import type { QueryReply, QueryRequest } from './user-queries';

/** Largest result sent back, in characters of JSON: past it the query is refused instead of flooding the server. */
export const MAX_RESULT_CHARS = 16 * 1024 * 1024;

const [databaseFile, bufferPoolMb] = [process.env.KG_QUERY_DATABASE!, Number(process.env.KG_QUERY_BUFFER_POOL_MB)];
let db: Database | undefined;
let connection: Connection | undefined;

// The server went away (exit, crash, SIGKILL): the channel closes and this process follows, leaving no orphan.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: QueryRequest) => {
  void answer(message).then(
    (reply) => process.send?.(reply),
    (e: unknown) => process.send?.(failure(e)),
  );
});

async function answer(request: QueryRequest): Promise<QueryReply> {
  if (request.type === 'open') {
    await connection?.close();
    await db?.close();
    // Read-only: this view is the database as of now; the server asks for a new one after its writes.
    const [compression, readOnly, maxDbSize] = [true, true, 256 * 1024 ** 3];
    db = new lbug.Database(databaseFile, bufferPoolMb * 1024 * 1024, compression, readOnly, maxDbSize);
    await db.init();
    connection = new lbug.Connection(db);
    await connection.init();
    // One engine thread per user query: the process count is the bound on users' queries (KG_CYPHER_CONCURRENCY).
    connection.setMaxNumThreadForExec(1);
    return { type: 'opened' };
  }
  if (!connection) throw new Error('the query process has no view of the database open');
  const result = await runStatement(connection, request.query, { params: request.params, readOnly: true, maxRows: request.maxRows, timeoutMs: request.timeoutMs });
  const reply: QueryReply = { type: 'result', ...result };
  if (JSON.stringify(reply).length > MAX_RESULT_CHARS) {
    throw new KgError('LIMIT_EXCEEDED', `the result is larger than ${MAX_RESULT_CHARS / 1024 / 1024} MiB of JSON; return fewer or smaller values`);
  }
  return reply;
}

function failure(e: unknown): QueryReply {
  if (e instanceof KgError) return { type: 'error', code: e.code, message: e.message, details: e.details };
  return { type: 'error', message: e instanceof Error ? e.message : String(e) };
}

process.send?.({ type: 'ready' } satisfies QueryReply);
