/**
 * Nothing outside src/graph imports an engine module (src/graph/embedded/**, src/graph/neo4j/**): the rest of the
 * product reaches an engine through the GraphStore port and the registry (src/graph/engines.ts). Read from the
 * real import graph, so a `require` or a `typeof import(...)` counts as much as an import statement.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../support/engines';
import { importsOf, sourceFiles, type ImportEdge } from '../support/import-graph';

const SRC = path.join(PROJECT_ROOT, 'src');
const GRAPH = path.join(SRC, 'graph');
const ENGINE_FOLDERS = ['embedded', 'neo4j'].map((e) => path.join(GRAPH, e) + path.sep);

const inside = (file: string, folder: string) => file.startsWith(folder);
const relative = (file: string) => path.relative(PROJECT_ROOT, file);

/** Imports of engine modules written outside src/graph. */
function boundaryCrossings(files: string[]): ImportEdge[] {
  return files
    .filter((f) => !inside(f, GRAPH + path.sep))
    .flatMap(importsOf)
    .filter((edge) => edge.to !== undefined && ENGINE_FOLDERS.some((folder) => inside(edge.to!, folder)));
}

test('no module outside src/graph imports an engine module', () => {
  const crossings = boundaryCrossings(sourceFiles(SRC)).map((e) => `${relative(e.from)} imports ${e.specifier}`);
  expect(crossings).toEqual([]);
});

test('the import graph sees every form of import: statement, re-export, require, dynamic and type-level import()', () => {
  const file = path.join(__dirname, 'fixtures', 'imports-every-way.ts');
  const found = importsOf(file).map((e) => e.specifier).sort();
  expect(found).toEqual(['../../../src/graph/embedded/dialect', '../../../src/graph/embedded/store', '../../../src/graph/neo4j', '../../../src/graph/neo4j/errors', '../../../src/graph/port'].sort());
  // The same file, read as if it sat outside src/graph, is reported on every engine import and only those.
  expect(boundaryCrossings([file]).map((e) => e.specifier).sort()).toEqual(
    ['../../../src/graph/embedded/dialect', '../../../src/graph/embedded/store', '../../../src/graph/neo4j', '../../../src/graph/neo4j/errors'].sort(),
  );
});

test('the registry names an engine folder for every engine the port declares', () => {
  const { ENGINE_NAMES, enginePlugin } = require('../../src/graph/engines') as typeof import('../../src/graph/engines');
  expect(ENGINE_NAMES.map((name) => enginePlugin(name).name)).toEqual(ENGINE_NAMES);
});
