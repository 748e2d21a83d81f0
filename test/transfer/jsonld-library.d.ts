// The part of the `jsonld` library (9.x, no published types) the JSON-LD export tests use.
declare module 'jsonld' {
  type JsonLd = Record<string, unknown> | Record<string, unknown>[];
  interface RemoteDocument {
    contextUrl?: string | null;
    documentUrl: string;
    document: unknown;
  }
  interface Options {
    documentLoader?: (url: string) => Promise<RemoteDocument>;
    safe?: boolean;
    format?: 'application/n-quads';
    base?: string;
  }
  const jsonld: {
    expand(input: unknown, options?: Options): Promise<Record<string, unknown>[]>;
    compact(input: unknown, context: unknown, options?: Options): Promise<Record<string, unknown>>;
    toRDF(input: unknown, options: Options & { format: 'application/n-quads' }): Promise<string>;
  };
  export default jsonld;
  export type { JsonLd, RemoteDocument, Options };
}
