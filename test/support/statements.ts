/**
 * The statements a store sends to its engine, recorded at the engine's own boundary: the driver's sessions for Neo4j
 * (./../neo4j/recording-driver.ts), LadybugDB's Connection for the embedded engine (every `query`, and every
 * `execute` named by the text it was prepared from). The engines run for real; only the texts are noted.
 */
import lbug from '@ladybugdb/core';
import type { PreparedStatement } from '@ladybugdb/core';

/** One statement as a reviewer reads it: whitespace folded, temporary paths replaced by a placeholder. */
export function statementText(query: string): string {
  return query
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/'[^']*kg-[\w-]*[^']*'/g, "'<temporary file>'");
}

/** Records every statement sent on any LadybugDB connection of this process until `stop` is called. */
export function recordLadybugStatements(): { take(): string[]; stop(): void } {
  const texts = new WeakMap<PreparedStatement, string>();
  let sent: string[] = [];
  const proto = lbug.Connection.prototype;
  const realPrepare = proto.prepare;
  const realExecute = proto.execute;
  const realQuery = proto.query;
  proto.prepare = async function (this: InstanceType<typeof lbug.Connection>, query: string) {
    const statement = await realPrepare.call(this, query);
    texts.set(statement, query);
    return statement;
  } as typeof proto.prepare;
  proto.execute = function (this: InstanceType<typeof lbug.Connection>, statement: PreparedStatement, ...rest: unknown[]) {
    sent.push(statementText(texts.get(statement) ?? '<statement prepared before recording began>'));
    return (realExecute as (...args: unknown[]) => unknown).call(this, statement, ...rest);
  } as typeof proto.execute;
  proto.query = function (this: InstanceType<typeof lbug.Connection>, query: string, ...rest: unknown[]) {
    sent.push(statementText(query));
    return (realQuery as (...args: unknown[]) => unknown).call(this, query, ...rest);
  } as typeof proto.query;
  return {
    take() {
      const taken = sent;
      sent = [];
      return taken;
    },
    stop() {
      proto.prepare = realPrepare;
      proto.execute = realExecute;
      proto.query = realQuery;
    },
  };
}
