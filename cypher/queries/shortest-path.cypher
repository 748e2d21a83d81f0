// name: shortest-path
// description: One shortest path (up to 6 hops, either direction, through entities only) between two entities, as a path and as the names and relationship types along it.
// params:
//   from:
//     type: string
//     description: id of the entity the path starts at
//     example: vladimir-putin
//   to:
//     type: string
//     description: id of the entity the path ends at
//     example: rasht-astara-railway
//
// Neo4j refuses a shortest path from an entity to itself, hence the first condition.
MATCH p = shortestPath((a:Entity {id: $from})-[*1..6]-(b:Entity {id: $to}))
WHERE $from <> $to AND all(n IN nodes(p) WHERE n:Entity)
RETURN p AS path, length(p) AS hops,
       [n IN nodes(p) | n.name] AS names,
       [r IN relationships(p) | type(r)] AS types
