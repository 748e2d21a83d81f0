/**
 * The real import graph of the TypeScript sources, read with the TypeScript compiler's own pre-processor (imports,
 * re-exports, `require(...)` and `import(...)` calls, `typeof import(...)` types included), specifiers resolved
 * to files.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import: the file that writes it, the specifier as written, and the file it resolves to (undefined for packages). */
export interface ImportEdge {
  from: string;
  specifier: string;
  to: string | undefined;
}

/** Every .ts/.tsx file below `dir`, absolute. */
export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

/** The file a relative specifier names (with .ts, .tsx, /index.ts tried as Node and the compiler try them). */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return base;
}

/** The imports of one file, as the compiler reads them. */
export function importsOf(file: string): ImportEdge[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const specifiers = [...info.importedFiles, ...info.referencedFiles].map((f) => f.fileName);
  // preProcessFile skips `typeof import('x')` in type positions; the scanner below finds them.
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, fs.readFileSync(file, 'utf8'));
  let previous = ts.SyntaxKind.Unknown;
  let beforePrevious = ts.SyntaxKind.Unknown;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.StringLiteral && previous === ts.SyntaxKind.OpenParenToken && beforePrevious === ts.SyntaxKind.ImportKeyword) {
      specifiers.push(scanner.getTokenValue());
    }
    beforePrevious = previous;
    previous = token;
  }
  return [...new Set(specifiers)].map((specifier) => ({ from: file, specifier, to: resolve(file, specifier) }));
}
