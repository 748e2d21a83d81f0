/** Rows per Neo4j write transaction of a bulk load unless told otherwise (its own module: the plug-in shows it in the CLI help without loading the driver). */
export const NEO4J_BATCH_SIZE = 10_000;
