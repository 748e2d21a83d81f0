// name: relationships-page
// description: "One page of an entity's relationships, each with the entity at its other end, in order of relationship type, then the other end's name; optionally only some relationship types, some kinds at the other end, or other ends whose name contains a text. The explorer lists the relationships of a hub with it, a page at a time."
// params:
//   entity:
//     type: string
//     description: id of the entity
//     example: russia
//   types:
//     type: string
//     default: ""
//     description: relationship types to keep, separated by commas (empty keeps all; a text, as LadybugDB refuses an empty list parameter)
//     example: OFFICIAL_OF,MEMBER_OF
//   kinds:
//     type: string
//     default: ""
//     description: kinds of the entity at the other end to keep, separated by commas (empty keeps all)
//     example: Person
//   name:
//     type: string
//     default: ""
//     description: text the other end's name must contain, case-insensitively
//   skip:
//     type: integer
//     default: 0
//     min: 0
//     max: 100000000
//     description: how many matching relationships to pass over (the page's start)
//   first:
//     type: integer
//     default: 50
//     min: 1
//     max: 100
//     description: how many relationships the page holds
MATCH (entity:Entity {id: $entity})-[r]-(other:Entity)
WHERE ($types = '' OR (',' + $types + ',') CONTAINS (',' + type(r) + ','))
  AND ($kinds = '' OR (',' + $kinds + ',') CONTAINS (',' + other.kind + ','))
  AND ($name = '' OR toLower(other.name) CONTAINS toLower($name))
RETURN r AS relationship, other.id AS id, other.kind AS kind, other.name AS name
ORDER BY type(r), other.name, other.id
SKIP $skip
LIMIT $first
