/**
 * The functions a request without the admin token may call, per engine (names compared in lower case).
 * Embedded: LadybugDB 0.19's scalar, aggregate and rewrite functions (`CALL show_functions()`), without its
 * operator aliases, the sequence functions (nextval changes a sequence), setseed and error; never its table
 * functions, which read files, settings and the catalogue. Neo4j: the Neo4j 5 catalogue of
 * @neo4j-cypher/language-support without namespaces other than the temporal, duration, point and vector ones,
 * and without file()/linenumber() (LOAD CSV only), GDS and composite-database functions.
 */
import type { EngineName } from '../port';

const words = (text: string) => new Set(text.trim().split(/\s+/));

const EMBEDDED = words(`
abs acos array_append array_cat array_concat array_contains array_cosine_similarity array_cross_product
array_distance array_dot_product array_extract array_has array_indexof array_inner_product array_position
array_prepend array_push_back array_push_front array_slice array_squared_distance array_value asin atan atan2 avg
bitshift_left bitshift_right bitwise_and bitwise_or bitwise_xor blob cardinality cbrt ceil ceiling century
coalesce collect concat concat_ws contains cos cost cot count count_if count_star current_date current_timestamp
date date_part date_trunc datepart datetrunc dayname decode degrees duration element_at encode end_node ends_with
epoch_ms equals even factorial floor gamma gen_random_uuid greater_than greater_than_equals greatest hash
histogram id ifnull initcap interval is_acyclic is_trail keys label labels last_day lcase least left length
less_than less_than_equals levenshtein lgamma list_any_value list_append list_cat list_concat list_contains
list_distinct list_element list_extract list_filter list_has list_has_all list_indexof list_position list_prepend
list_product list_reduce list_reverse list_reverse_sort list_slice list_sort list_sum list_to_string
list_transform list_unique ln log log10 log2 lower lpad ltrim make_date map map_extract map_keys map_values max
md5 min monthname negate nodes not_equals nullif octet_length offset percentilecont percentiledisc pi pow prefix
properties radians random range regexp_extract regexp_extract_all regexp_full_match regexp_matches regexp_replace
regexp_split_to_array relationships rels repeat replace reverse right round rowid rpad rtrim sha256 sign sin size
split_part sqrt start_node starts_with str_split string string_split string_to_array struct_extract substr
substring suffix sum tan timestamp to_blob to_bool to_date to_days to_double to_epoch_ms to_float to_hours
to_int128 to_int16 to_int32 to_int64 to_int8 to_interval to_microseconds to_milliseconds to_minutes to_months
to_seconds to_serial to_string to_timestamp to_uint128 to_uint16 to_uint32 to_uint64 to_uint8 to_uuid to_years
tolower toupper trim typeof ucase union_extract union_tag union_value upper uuid
`);

const NEO4J = words(`
abs acos asin atan atan2 avg btrim ceil char_length character_length coalesce collect cos cot count date
date.realtime date.statement date.transaction date.truncate datetime datetime.fromepoch datetime.fromepochmillis
datetime.realtime datetime.statement datetime.transaction datetime.truncate degrees duration duration.between
duration.indays duration.inmonths duration.inseconds e elementid endnode exists exp floor haversin head id isempty
isnan keys labels last left length localdatetime localdatetime.realtime localdatetime.statement
localdatetime.transaction localdatetime.truncate localtime localtime.realtime localtime.statement
localtime.transaction localtime.truncate log log10 lower ltrim max min nodes normalize nullif percentilecont
percentiledisc pi point point.distance point.withinbbox properties radians rand randomuuid range relationships
replace reverse right round rtrim sign sin size split sqrt startnode stdev stdevp substring sum tail tan time
time.realtime time.statement time.transaction time.truncate timestamp toboolean tobooleanlist tobooleanornull
tofloat tofloatlist tofloatornull tointeger tointegerlist tointegerornull tolower tostring tostringlist
tostringornull toupper trim type upper valuetype vector.similarity.cosine vector.similarity.euclidean
`);

/** The functions each engine may run for an unauthorised request. */
export const ALLOWED_FUNCTIONS: Record<EngineName, ReadonlySet<string>> = { embedded: EMBEDDED, neo4j: NEO4J };

/** What to write on the other engine, for the functions the README's dialect table names (relationships() is on both). */
export const FUNCTION_HINTS: Record<string, string> = {
  type: 'label(r)',
  label: 'type(r)',
  tointeger: "CAST(x AS INT64)",
  datetime: "timestamp('…')",
  startnode: 'name the end in the pattern: (a)-[r]->(b)',
  endnode: 'name the end in the pattern: (a)-[r]->(b)',
  rels: 'relationships(p)',
  list_transform: '[x IN list | …]',
  list_filter: '[x IN list WHERE …]',
  list_reduce: 'reduce(s = 0, x IN list | …)',
};

/** Functions whose second argument is a lambda on the embedded engine, with the lambda's number of parameters. */
export const LAMBDA_FUNCTIONS: Record<string, number> = { list_transform: 1, list_filter: 1, list_reduce: 2 };

/**
 * Functions the engines have that stay refused (FORBIDDEN): LadybugDB's table functions (files, settings,
 * catalogue), its sequence, seed and error functions; Neo4j's LOAD CSV helpers. Any namespaced name outside the
 * allowlist (dbms., db., apoc., gds., graph. …) is refused the same way. Other unknown names are plain mistakes.
 */
export const REFUSED_FUNCTIONS = words(`
bm_info catalog_version current_setting db_version disk_info disk_size_info file_info fsm_info projected_graph_info
read_csv_parallel read_csv_serial read_npy read_parquet read_csv read_json read_ndjson show_attached_databases
show_connection show_functions show_graphs show_indexes show_loaded_extensions show_macros show_official_extensions
show_projected_graphs show_sequences show_tables show_warnings stats_info storage_info storage_version table_info
copy_csv copy_parquet clear_warnings drop_projected_graph project_graph project_graph_cypher _cache_array_column_locally
nextval currval setseed error internal_id file linenumber
`);

/**
 * Functions that crash LadybugDB 0.19 (SIGSEGV, the whole process) when an argument is a NULL of no known type:
 * the NULL literal, a parameter sent as null, a CASE or a variable bound to one (`WITH NULL AS x`). Found by
 * calling every allowlisted function with NULL, empty, nested, node, relationship, path, lambda and typed-NULL
 * arguments, as literals, parameters and WITH-bound variables, in throwaway child processes restarted after each
 * crash (about 16 000 calls), then widened by what the seeded fuzz test (test/security/cypher-fuzz.test.ts) found:
 * the lambda list functions, the right side of IN, and an untyped NULL inside a list or map literal. Typed NULLs (a missing property, CAST(NULL AS …)) do not crash. Value: the
 * argument positions that crash. The guard admits only arguments whose type the parse shows.
 */
export const CRASH_ON_UNTYPED_NULL: Record<string, number[]> = {
  ...Object.fromEntries(
    `array_contains array_has list_has list_contains list_product list_sum list_any_value list_reverse_sort element_at
     map_keys map_values map_extract struct_extract union_extract cost keys labels label id rowid start_node end_node
     nodes rels relationships properties list_filter list_transform list_reduce`
      .trim()
      .split(/\s+/)
      .map((name) => [name, [0]]),
  ),
  array_cross_product: [0, 1],
  map: [0, 1],
};

/** Functions whose result is one of their arguments (or an element of one): typed only when those are. */
export const PASS_THROUGH_FUNCTIONS = new Set(
  'coalesce ifnull nullif greatest least list_element list_extract array_extract element_at struct_extract map_extract union_extract list_any_value'.split(' '),
);
