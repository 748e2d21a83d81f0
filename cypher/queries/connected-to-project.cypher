// name: connected-to-project
// description: People, organisations, groups and countries connected to a project within k hops, nearest first, with the relationship types along one shortest way there.
// params:
//   project:
//     type: string
//     description: id of the project
//     example: rasht-astara-railway
//   k:
//     type: integer
//     default: 2
//     min: 1
//     max: 6
//     description: largest number of hops
MATCH (project:Entity {id: $project})
// Only entity-to-entity relationships count: a detour through a source (MENTIONS) is not a connection.
MATCH p = shortestPath((project)-[*1..6]-(actor:Entity))
WHERE actor.id <> $project
  AND actor.kind IN ['Person', 'Organization', 'Group', 'Country']
  AND all(n IN nodes(p) WHERE n:Entity)
WITH actor, p
WHERE length(p) <= $k
RETURN actor.id AS id, actor.name AS name, actor.kind AS kind, length(p) AS hops,
       [r IN relationships(p) | type(r)] AS via
ORDER BY hops, id
