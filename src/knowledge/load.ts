/**
 * Loading facts documents from files into a GraphStore: read JSON or YAML, resolve the source text,
 * validate, then write the whole document in one transaction.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidDocumentError, KgError } from '../errors';
import type { DocumentWrite, GraphStore, WriteSummary } from '../graph/port';
import { validateDocument } from './validate';

/** Decodes a facts document file (by extension: .json, .yaml, .yml), naming the line of a syntax error. */
export async function readFactsFile(file: string): Promise<{ raw: unknown; text?: string }> {
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new KgError('BAD_USER_INPUT', `cannot read ${file}: ${(e as Error).message}`, { path: file });
  }
  const raw = parseFacts(file, content);
  const textPath = (raw as { source?: { textPath?: unknown } } | null)?.source?.textPath;
  if (typeof textPath !== 'string') return { raw };
  const resolved = path.resolve(path.dirname(file), textPath);
  try {
    return { raw, text: await fs.readFile(resolved, 'utf8') };
  } catch {
    throw new InvalidDocumentError(file, [{ path: 'source.textPath', message: `cannot read the source text at ${resolved}` }]);
  }
}

/** Parses JSON or YAML text; a syntax error names the line and column. */
export function parseFacts(name: string, content: string): unknown {
  if (/\.json$/i.test(name)) {
    try {
      return JSON.parse(content);
    } catch (e) {
      const message = (e as Error).message;
      const at = /position (\d+)/.exec(message);
      const where = at ? lineColumn(content, Number(at[1])) : undefined;
      throw new InvalidDocumentError(name, [
        { path: where ? `line ${where.line}, column ${where.column}` : '(document)', message: `bad JSON: ${message}` },
      ]);
    }
  }
  const doc = YAML.parseDocument(content);
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = err.linePos?.[0];
    throw new InvalidDocumentError(name, [
      { path: pos ? `line ${pos.line}, column ${pos.col}` : '(document)', message: `bad YAML: ${err.message.split('\n')[0]}` },
    ]);
  }
  return doc.toJS();
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Validates a decoded document against the store's current graph. */
export async function prepareDocument(store: GraphStore, name: string, raw: unknown, text?: string): Promise<DocumentWrite> {
  return validateDocument(name, raw, {
    text,
    knownEntities: async (ids) => {
      const found = await store.getEntities(ids);
      return new Map(found.filter((e) => e !== null).map((e) => [e!.id, { kind: e!.kind }]));
    },
  });
}

/** Loads one facts document file: all of it, or (on any problem) nothing. */
export async function loadFactsFile(store: GraphStore, file: string, options: { dryRun?: boolean } = {}): Promise<WriteSummary> {
  const { raw, text } = await readFactsFile(file);
  const write = await prepareDocument(store, path.basename(file), raw, text);
  return options.dryRun ? store.planDocument(write) : store.writeDocument(write);
}

/** The facts documents of the seed graph, in load order. */
export async function seedFiles(seedDir: string): Promise<string[]> {
  const names = (await fs.readdir(seedDir)).filter((n) => /\.facts\.(json|ya?ml)$/i.test(n)).sort();
  return names.map((n) => path.join(seedDir, n));
}

/** Loads every seed document; idempotent. */
export async function loadSeed(store: GraphStore, seedDir: string): Promise<WriteSummary[]> {
  const out: WriteSummary[] = [];
  for (const file of await seedFiles(seedDir)) out.push(await loadFactsFile(store, file));
  return out;
}
