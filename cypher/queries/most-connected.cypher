// name: most-connected
// description: The entities with the most relationships to other entities (either direction), most connected first.
// params:
//   limit:
//     type: integer
//     default: 10
//     min: 1
//     max: 1000
//     description: how many entities to list
//
// Written once for both engines.
MATCH (entity:Entity)
OPTIONAL MATCH (entity)-[r]-(:Entity)
RETURN entity.id AS id, entity.name AS name, entity.kind AS kind, count(r) AS relationships
ORDER BY relationships DESC, id
LIMIT $limit
