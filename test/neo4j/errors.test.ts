// Driver failures become the product's own error codes with messages a user can act on. The errors are the
// driver's own Neo4jError objects (as the driver builds them from a server's FAILURE message), and
// "unavailable" is a real connection attempt to a port where nothing listens.
import neo4j from 'neo4j-driver';
import { main } from '../../src/cli/main';
import { loadConfig } from '../../src/config';
import { KgError } from '../../src/errors';
import { engineError } from '../../src/graph/neo4j/errors';
import { Neo4jGraphStore } from '../../src/graph/neo4j/store';
import { openGraphStore } from '../../src/graph/open';

const URI = 'bolt://db.example.org:7687';
const CLOSED_PORT = 'bolt://127.0.0.1:1';

const serverError = (code: string, message: string) => new neo4j.Neo4jError(message, code, '50N42', 'general processing exception');

describe('engineError', () => {
  it.each([
    [
      'a uniqueness constraint',
      serverError('Neo.ClientError.Schema.ConstraintValidationFailed', "Node(12) already exists with label `Entity` and property `id` = 'jalali'"),
      'CONSTRAINT_VIOLATION',
      "Neo4j refused the write: Node(12) already exists with label `Entity` and property `id` = 'jalali'",
    ],
    [
      'wrong credentials',
      serverError('Neo.ClientError.Security.Unauthorized', 'The client is unauthorized due to authentication failure.'),
      'ENGINE_AUTH_FAILED',
      `Neo4j at ${URI} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD`,
    ],
    [
      'too many wrong passwords',
      serverError('Neo.ClientError.Security.AuthenticationRateLimit', 'The client has provided incorrect authentication details too many times in a row.'),
      'ENGINE_AUTH_FAILED',
      `Neo4j at ${URI} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD`,
    ],
    [
      'an expired password',
      serverError('Neo.ClientError.Security.CredentialsExpired', 'The credentials you provided were valid, but must be changed before you can use this instance.'),
      'ENGINE_AUTH_FAILED',
      `Neo4j at ${URI} wants the password of NEO4J_USERNAME changed before use (ALTER CURRENT USER SET PASSWORD)`,
    ],
    [
      'a missing privilege',
      serverError('Neo.ClientError.Security.Forbidden', "Create node with labels 'Entity' on database 'neo4j' is not allowed for user 'reader'."),
      'ENGINE_AUTH_FAILED',
      "the Neo4j user in NEO4J_USERNAME may not do this: Create node with labels 'Entity' on database 'neo4j' is not allowed for user 'reader'.",
    ],
    [
      'a server that is down',
      new neo4j.Neo4jError(
        'Failed to connect to server. Please ensure that your database is listening on the correct host and port. Caused by: connect ECONNREFUSED 10.0.0.5:7687',
        neo4j.error.SERVICE_UNAVAILABLE,
        '08000',
        'connection exception',
      ),
      'ENGINE_UNAVAILABLE',
      `cannot reach Neo4j at ${URI}: is it running? (connect ECONNREFUSED 10.0.0.5:7687)`,
    ],
    [
      'a cluster member that went away mid-session',
      new neo4j.Neo4jError('Database is busy doing store copy', neo4j.error.SESSION_EXPIRED, '08000', 'connection exception'),
      'ENGINE_UNAVAILABLE',
      `cannot reach Neo4j at ${URI}: is it running? (Database is busy doing store copy)`,
    ],
    [
      'a database that is not online',
      serverError('Neo.TransientError.General.DatabaseUnavailable', 'Database `neo4j` is unavailable.'),
      'ENGINE_UNAVAILABLE',
      `cannot reach Neo4j at ${URI}: is it running? (Database \`neo4j\` is unavailable.)`,
    ],
    [
      'a database name that does not exist',
      serverError('Neo.ClientError.Database.DatabaseNotFound', 'Graph not found: knowledge'),
      'ENGINE_UNAVAILABLE',
      `Neo4j at ${URI} has no database named in NEO4J_DATABASE (Graph not found: knowledge)`,
    ],
  ])('maps %s', (_what, error, code, message) => {
    const mapped = engineError(error, URI);
    expect(mapped).toBeInstanceOf(KgError);
    expect({ code: mapped.code, message: mapped.message }).toEqual({ code, message });
    expect(mapped.cause).toBe(error);
  });

  it('keeps the position of a Cypher syntax error', () => {
    const error = serverError('Neo.ClientError.Statement.SyntaxError', 'Invalid input \'MATC\': expected ... (line 1, column 1 (offset: 0))\n"MATC (n) RETURN n"\n ^');
    expect(engineError(error, URI)).toMatchObject({ code: 'CYPHER_SYNTAX_ERROR', details: { line: 1, column: 1 } });
  });

  it('keeps the Neo4j code of anything it does not know, in the product\'s words (the server\'s text stays on the cause)', () => {
    const error = serverError('Neo.DatabaseError.General.UnknownError', 'Something broke\nat line two');
    const mapped = engineError(error, URI);
    expect(mapped).toMatchObject({ code: 'ENGINE_ERROR', message: 'the graph engine failed to answer', details: { neo4jCode: 'Neo.DatabaseError.General.UnknownError' } });
    expect(mapped.cause).toBe(error);
  });

  it('words a user query\'s mistakes itself, with the position, never with the server\'s text', () => {
    const query = 'MATCH (n)\nRETURN m';
    const undefinedVariable = serverError('Neo.ClientError.Statement.SyntaxError', 'Variable `m` not defined (line 2, column 8 (offset: 17))\n"RETURN m"\n        ^');
    expect(engineError(undefinedVariable, URI, query)).toMatchObject({
      code: 'CYPHER_SYNTAX_ERROR',
      message: 'the query could not be compiled: unknown variable `m` (line 2, column 8)',
      details: { line: 2, column: 8 },
    });
    const typo = serverError('Neo.ClientError.Statement.SyntaxError', "Invalid input 'RETRUN': expected … (line 2, column 1 (offset: 10))");
    expect(engineError(typo, URI, 'MATCH (n)\nRETRUN n')).toMatchObject({ message: 'syntax error near `RETRUN`: the query could not be parsed (line 2, column 1)' });
    const file = serverError('Neo.ClientError.Statement.ExternalResourceFailed', "Couldn't load the external resource at: file:///etc/passwd");
    expect(engineError(file, URI, "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l").message).not.toMatch(/passwd|file:/);
    const divide = serverError('Neo.ClientError.Statement.ArithmeticError', '/ by zero');
    expect(engineError(divide, URI, 'RETURN 1/0 AS x')).toMatchObject({ code: 'CYPHER_ERROR', message: 'the query failed while running: division by zero' });
  });

  it('passes a product error through untouched', () => {
    const own = new KgError('BAD_USER_INPUT', 'bad');
    expect(engineError(own, URI)).toBe(own);
  });
});

describe('a Neo4j that is not running', () => {
  const expected = { code: 'ENGINE_UNAVAILABLE', message: expect.stringMatching(/^cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: is it running\? \(.*ECONNREFUSED/) };

  it('fails start-up at once with ENGINE_UNAVAILABLE', async () => {
    const store = new Neo4jGraphStore({ uri: CLOSED_PORT, username: 'neo4j', password: 'irrelevant', database: 'neo4j' });
    try {
      await expect(store.init()).rejects.toMatchObject(expected);
    } finally {
      await store.close();
    }
  });

  it('fails the configured engine when NEO4J_URI points at it', async () => {
    const config = loadConfig({ NEO4J_URI: CLOSED_PORT, NEO4J_PASSWORD: 'irrelevant' });
    expect(config.engine).toBe('neo4j');
    await expect(openGraphStore(config)).rejects.toMatchObject(expected);
  });

  it('makes `kg stats` print the code and what to check, with no stack trace', async () => {
    const saved = { uri: process.env.NEO4J_URI, exitCode: process.exitCode };
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    process.env.NEO4J_URI = CLOSED_PORT;
    try {
      await main(['node', 'kg', 'stats']);
      expect(process.exitCode).toBe(1);
    } finally {
      spy.mockRestore();
      if (saved.uri === undefined) delete process.env.NEO4J_URI;
      else process.env.NEO4J_URI = saved.uri;
      process.exitCode = saved.exitCode;
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^kg: ENGINE_UNAVAILABLE: cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: is it running\?/);
    expect(errors[0]).not.toMatch(/\n\s+at /);
  });
});
