// name: sources
// description: The graph's sources, newest first (by published date; undated ones last, by title), with their url, publisher and how many entities each mentions.
// params:
//   limit:
//     type: integer
//     default: 100
//     min: 1
//     max: 1000
//     description: how many sources to list
//
// Written once for both engines. An empty string sorts below any date, so undated sources come last.
MATCH (source:Source)
OPTIONAL MATCH (source)-[m:MENTIONS]->(:Entity)
WITH source, count(m) AS entities
RETURN source.id AS id, source.title AS title, source.published AS published, source.publisher AS publisher, source.url AS url, entities
ORDER BY coalesce(published, '') DESC, title, id
LIMIT $limit
