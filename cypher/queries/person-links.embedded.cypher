// LadybugDB dialect of person-links.cypher (same name, description and parameters): label(r) for type(r).
MATCH (person:Entity {id: $person})-[r]->(other:Entity)
RETURN label(r) AS relationship, 'OUT' AS direction, other.id AS otherId, other.name AS other, other.kind AS otherKind,
       r.evidence AS evidence, r.sources AS sources
UNION ALL
MATCH (person:Entity {id: $person})<-[r]-(other:Entity)
RETURN label(r) AS relationship, 'IN' AS direction, other.id AS otherId, other.name AS other, other.kind AS otherKind,
       r.evidence AS evidence, r.sources AS sources
