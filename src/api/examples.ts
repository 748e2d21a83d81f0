/**
 * The example operations the IDE opens with: one tab per file of graphql/examples/*.graphql, in file-name
 * order, titled by the operation's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';

export interface ExampleOperation {
  /** The operation's name, which GraphiQL shows as the tab title. */
  name: string;
  /** The file it comes from, relative to graphql/examples. */
  file: string;
  query: string;
}

/** Reads every example; throws naming the file when one does not parse or has no named operation. */
export function readExamples(dir: string): ExampleOperation[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const query = fs.readFileSync(path.join(dir, file), 'utf8');
      let name: string | undefined;
      try {
        const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
        name = operation?.kind === Kind.OPERATION_DEFINITION ? operation.name?.value : undefined;
      } catch (e) {
        throw new Error(`graphql/examples/${file}: ${(e as Error).message}`);
      }
      if (!name) throw new Error(`graphql/examples/${file}: the operation needs a name (it titles the IDE tab)`);
      return { name, file, query };
    });
}
