/**
 * The graph room's public surface: the GraphStore port and its types, opening a store through the engine registry,
 * and the rules the rest of the product shares with the engines (cursors, relationship ids, Cypher literals).
 * Engine folders (embedded/, neo4j/) are not part of it: nothing outside src/graph imports them.
 */
export * from './port';
export { openGraphStore } from './open';
export { ENGINE_NAMES, enginePlugin, type DataFolderTools, type EnginePlugin, type ProbeResult } from './engines';
export { decodeCursor, encodeCursor } from './cursor';
export { edgeSortKey, parseRelationshipId, relationshipId } from './relationship-key';
export { cypherLiteral, cypherString } from './cypher-text';
