/**
 * Neo4j's dialect is checked without a server: every .cypher file is linted with Neo4j's own parser and semantic
 * analysis (@neo4j-cypher/language-support). The queries the Neo4j engine sends are linted in
 * test/neo4j/store-queries.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/engines';
import { cypherErrors } from '../support/neo4j-lint';
import { overrideEngine } from '../../src/queries/library';

function cypherFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return cypherFiles(full);
    // A file of another engine's own text (`<name>.embedded.cypher`) is not Neo4j Cypher.
    const engine = overrideEngine(d.name);
    return d.name.endsWith('.cypher') && (engine === undefined || engine === 'neo4j') ? [full] : [];
  });
}

describe('Neo4j Cypher lint', () => {
  it('catches a syntax typo and a function Neo4j does not have (the linter itself works)', () => {
    expect(cypherErrors('MATCH (n:Entity {id: $id} RETURN n')).not.toEqual([]);
    expect(cypherErrors('MATCH ()-[r]->() RETURN label(r)')).toEqual([expect.stringMatching(/Function label is not present/)]);
    expect(cypherErrors('RETURN apoc.text.clean($name)')).toEqual([expect.stringMatching(/apoc\.text\.clean is not present/)]);
    expect(cypherErrors('MATCH ()-[r]->() RETURN type(r), $id')).toEqual([]);
  });

  it.each(cypherFiles(path.join(PROJECT_ROOT, 'cypher')).map((f) => [path.relative(PROJECT_ROOT, f), f]))('%s has no errors', (_rel, file) => {
    const statements = fs
      .readFileSync(file, 'utf8')
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.replace(/^\s*\/\/.*$/gm, '').trim())
      .filter(Boolean);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect({ statement: s, errors: cypherErrors(s) }).toEqual({ statement: s, errors: [] });
  });
});
