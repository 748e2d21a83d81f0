/**
 * Reading facts documents from disk: JSON or YAML, the source text beside them, and the documents of a folder.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidDocumentError, KgError } from '../errors';
import { positionOf } from '../text/position';

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
      const where = at ? positionOf(content, Number(at[1])) : undefined;
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


/** Whether a file name is one `kg ingest` reads as a facts document. */
export function isFactsFileName(name: string): boolean {
  return /\.(json|ya?ml)$/i.test(name);
}

/** The facts documents named by `paths`: files as given, folders searched (recursively) in name order. */
export async function factsFilesIn(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch {
      throw new KgError('BAD_USER_INPUT', `no such file or folder: ${p}`, { path: p });
    }
    if (!stat.isDirectory()) {
      // An article is not a facts document yet: say how it becomes one.
      if (/\.(?:txt|text|md|html?)$/i.test(p)) {
        throw new KgError('BAD_USER_INPUT', `${p} is an article, not a facts document: run \`kg draft ${p}\` first, review the draft it writes, then \`kg ingest\` the draft`, { path: p });
      }
      out.push(p);
      continue;
    }
    const entries = await fs.readdir(p, { recursive: true, withFileTypes: true });
    const found = entries
      .filter((e) => e.isFile() && isFactsFileName(e.name))
      .map((e) => path.join(e.parentPath, e.name))
      .sort((x, y) => x.localeCompare(y));
    if (found.length === 0) {
      throw new KgError('BAD_USER_INPUT', `the folder ${p} holds no facts documents (.json, .yaml or .yml files); for an article, run \`kg draft\` on it first`, { path: p });
    }
    out.push(...found);
  }
  return out;
}
