/**
 * One Cypher statement on a LadybugDB connection, read back in the portable result shape: the one home of that
 * rule, used in the server process (named queries, admin statements) and in the query process (users' reads).
 * Engine errors are thrown as they come; the caller converts them (`engineError`), in whichever process it is.
 */
import type { Connection, QueryResult } from '@ladybugdb/core';
import { KgError } from '../../errors';
import type { Json } from '../port';
import { ID_LOOKUP_QUERY, portableRows } from './values';

export interface StatementOptions {
  params: Record<string, unknown>;
  /** Refuse, before anything runs, a statement the engine says would write. */
  readOnly: boolean;
  maxRows: number;
  /** The engine's own time limit for this statement, in ms. */
  timeoutMs: number;
}

export interface StatementResult {
  columns: string[];
  rows: Json[][];
  truncated: boolean;
}

/** Prepares, checks, runs and reads one statement on `connection` (one statement is one transaction). */
export async function runStatement(connection: Connection, query: string, options: StatementOptions): Promise<StatementResult> {
  connection.setQueryTimeout(Math.max(1, Math.round(options.timeoutMs)));
  const statement = await connection.prepare(query);
  if (!statement.isSuccess()) {
    // A read-only view (a query process's) refuses a writing statement while preparing it.
    if (options.readOnly && /write operations in a read-only database/i.test(statement.getErrorMessage())) throw writeForbidden();
    throw new Error(statement.getErrorMessage());
  }
  // The prepared statement knows whether it would write: refuse here, before anything runs.
  if (options.readOnly && !statement.isReadOnly()) {
    throw writeForbidden();
  }
  const result = await connection.execute(statement, options.params as never);
  const last = Array.isArray(result) ? result[result.length - 1]! : result;
  let columns: string[];
  let types: string[];
  const raw: unknown[][] = [];
  let truncated = false;
  try {
    columns = last.getColumnNamesSync();
    types = last.getColumnDataTypesSync();
    // Read one row past the cap so `truncated` is exact without converting the rest.
    while (last.hasNext()) {
      const row = last.getNextSync();
      if (raw.length >= options.maxRows) {
        truncated = true;
        break;
      }
      raw.push(columns.map((c) => row?.[c]));
    }
  } finally {
    for (const r of Array.isArray(result) ? result : [result]) r.close();
  }
  const rows = await portableRows(raw, types, async (ids) => {
    const lookup = await connection.prepare(ID_LOOKUP_QUERY);
    const found = (await connection.execute(lookup, { ids })) as QueryResult;
    try {
      return new Map((await found.getAll()).map((r) => [String(r.internal), String(r.id)]));
    } finally {
      found.close();
    }
  });
  return { columns, rows, truncated };
}

function writeForbidden(): KgError {
  return new KgError('CYPHER_WRITE_FORBIDDEN', 'this query would change the graph; writes need the admin token');
}
