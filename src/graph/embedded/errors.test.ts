import { engineError } from './errors';

const engine = (message: string) => new Error(message);

describe('engineError (LadybugDB)', () => {
  it('locates a parse error and names the word there, in the product words', () => {
    const query = 'MATCH (e:Entity)\nRETRUN e';
    const e = engineError(engine('Parser exception: Invalid input <MATCH (e:Entity) RETRUN>: expected rule oC_SingleQuery (line: 2, offset: 0)\n"RETRUN e"\n ^'), { query });
    expect(e).toMatchObject({ code: 'CYPHER_SYNTAX_ERROR', message: 'syntax error near `RETRUN`: the query could not be parsed (line 2, column 1)', details: { line: 2, column: 1 } });
  });

  it('words unknown properties, variables, functions and labels, located in the query', () => {
    const cases: [string, string, string][] = [
      ['MATCH (e:Entity) RETURN e.x', 'Binder exception: Cannot find property x for e.', 'the query could not be compiled: unknown property `x` of `e` (line 1, column 25)'],
      ['RETURN nope', 'Binder exception: Variable nope is not in scope.', 'the query could not be compiled: unknown variable `nope` (line 1, column 8)'],
      ['RETURN foo(1) AS x', 'Catalog exception: function FOO does not exist.', 'the query could not be compiled: unknown function `foo` (line 1, column 8)'],
      ['MATCH (e:Nope) RETURN e', 'Binder exception: Table Nope does not exist.', 'the query could not be compiled: unknown label or relationship type `Nope` (line 1, column 9)'],
    ];
    for (const [query, message, words] of cases) expect(engineError(engine(message), { query }).message).toBe(words);
  });

  it('never passes on a path, a file name or other engine text', () => {
    const leaks = [
      'Binder exception: No file found that matches the pattern: /etc/secret*.csv.',
      'Binder exception: Cannot infer the format of the given file. Please set the file format explicitly by (file_format=<type>).',
      'Runtime exception: Directory /var/lib/kg/backup already exists.',
      'IO exception: Cannot open file /nonexistent/dir/x.csv: No such file or directory',
      'Something unexpected at /home/kg/data/graph.lbdb',
    ];
    for (const message of leaks) {
      const e = engineError(engine(message), { query: "LOAD FROM '/etc/secret.csv' RETURN *" });
      expect(e.message).not.toMatch(/\/|secret|file|Directory|exception/i);
      expect((e.cause as Error).message).toBe(message);
    }
    expect(engineError(engine('Runtime exception: Directory /x already exists.'), { query: 'EXPORT DATABASE "/x"' })).toMatchObject({ code: 'CYPHER_ERROR', message: 'the query failed while running' });
    expect(engineError(engine('Connection is closed'), {})).toMatchObject({ code: 'ENGINE_ERROR', message: 'the graph engine failed to answer' });
  });

  it('keeps the codes a user acts on', () => {
    expect(engineError(engine('Parameter id not found.'), { query: 'RETURN $id' })).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'params.id' } });
    expect(engineError(engine('Interrupted.'), { query: 'RETURN 1' }).code).toBe('CYPHER_TIMEOUT');
    expect(engineError(engine('Runtime exception: Divide by zero.'), { query: 'RETURN 1/0' }).message).toBe('the query failed while running: division by zero');
  });
});
