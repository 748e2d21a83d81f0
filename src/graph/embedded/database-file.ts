/** File names inside KG_DATA_DIR, in a module of their own so commands can name them without loading the engine. */

/** File name of the database inside KG_DATA_DIR. */
export const DATABASE_FILE = 'graph.lbdb';
