/** Prepared statements per connection, prepared once and reused; the oldest goes when a connection holds too many. */
import type { Connection, PreparedStatement } from '@ladybugdb/core';

/** Prepared statements kept per connection (the shapes the store uses are few; users' Cypher is not cached). */
export const STATEMENT_CACHE = 256;

export class StatementCache {
  private readonly byConnection = new Map<Connection, Map<string, PreparedStatement>>();

  constructor(private readonly refused: (message: string, query: string) => Error, private readonly size = STATEMENT_CACHE) {}

  /** A prepared statement for `query` on `connection`; a statement the engine refuses throws `refused`'s error. */
  async prepare(connection: Connection, query: string): Promise<PreparedStatement> {
    let cache = this.byConnection.get(connection);
    if (!cache) this.byConnection.set(connection, (cache = new Map()));
    const cached = cache.get(query);
    if (cached) return cached;
    const statement = await connection.prepare(query);
    if (!statement.isSuccess()) throw this.refused(statement.getErrorMessage(), query);
    if (cache.size >= this.size) cache.delete(cache.keys().next().value!);
    cache.set(query, statement);
    return statement;
  }

  clear(): void {
    this.byConnection.clear();
  }
}
