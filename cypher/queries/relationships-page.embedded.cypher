// LadybugDB dialect of relationships-page.cypher (same name, description and parameters): label(r) for type(r), lower for toLower.
MATCH (entity:Entity {id: $entity})-[r]-(other:Entity)
WHERE ($types = '' OR (',' + $types + ',') CONTAINS (',' + label(r) + ','))
  AND ($kinds = '' OR (',' + $kinds + ',') CONTAINS (',' + other.kind + ','))
  AND ($name = '' OR lower(other.name) CONTAINS lower($name))
RETURN r AS relationship, other.id AS id, other.kind AS kind, other.name AS name
ORDER BY label(r), other.name, other.id
SKIP $skip
LIMIT $first
