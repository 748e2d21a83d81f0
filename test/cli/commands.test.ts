/**
 * Every `kg` command is a module of one shape under src/cli/commands/: named after its command, exporting
 * `register(program)`, listed once in main.ts's COMMANDS, adding exactly its own command. main.ts defines none itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { COMMANDS, buildProgram } from '../../src/cli/main';
import { PROJECT_ROOT } from '../support/engines';

const DIR = path.join(PROJECT_ROOT, 'src', 'cli', 'commands');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const modules = files.map((f) => ({ name: f.replace(/\.ts$/, ''), module: require(path.join(DIR, f)) as { register?: unknown } }));

test.each(modules)('commands/$name.ts exports register(program), which adds the command `kg $name` and nothing else', ({ name, module }) => {
  expect(typeof module.register).toBe('function');
  const program = new Command('kg');
  (module.register as (p: Command) => void)(program);
  expect(program.commands.map((c) => c.name())).toEqual([name]);
});

test('COMMANDS lists every module under commands/ once, and nothing else', () => {
  expect(COMMANDS).toHaveLength(modules.length);
  expect(new Set(COMMANDS)).toEqual(new Set(modules.map((m) => m.module)));
});

test('the program has exactly the commands of the modules: main.ts adds none of its own', () => {
  expect(buildProgram().commands.map((c) => c.name()).sort()).toEqual(modules.map((m) => m.name).sort());
});
