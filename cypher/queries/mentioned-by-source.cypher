// name: mentioned-by-source
// description: The entities a source mentions, most mentioned first, with how often and where (character offsets into the source text).
// params:
//   source:
//     type: string
//     description: id of the source
//     example: iran-russia-envoy-interview
//
// Written once for both engines.
MATCH (source:Source {id: $source})-[m:MENTIONS]->(entity:Entity)
RETURN entity.id AS id, entity.name AS name, entity.kind AS kind, size(m.offsets) AS mentions, m.offsets AS offsets
ORDER BY mentions DESC, id
