// name: person-links
// description: "Everything a person is linked to: each relationship, its direction, the entity at the other end, and the quotes that state it with the source of each quote."
// params:
//   person:
//     type: string
//     description: id of the person
//     example: jalali
MATCH (person:Entity {id: $person})-[r]->(other:Entity)
RETURN type(r) AS relationship, 'OUT' AS direction, other.id AS otherId, other.name AS other, other.kind AS otherKind,
       r.evidence AS evidence, r.sources AS sources
UNION ALL
MATCH (person:Entity {id: $person})<-[r]-(other:Entity)
RETURN type(r) AS relationship, 'IN' AS direction, other.id AS otherId, other.name AS other, other.kind AS otherKind,
       r.evidence AS evidence, r.sources AS sources
