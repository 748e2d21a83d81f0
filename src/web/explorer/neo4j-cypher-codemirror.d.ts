// The package's types sit outside its "exports" map's "types" condition; point the bare import at them.
declare module '@neo4j-cypher/codemirror' {
  export * from '@neo4j-cypher/codemirror/src/codemirror.d.ts';
}
