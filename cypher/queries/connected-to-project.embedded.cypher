// LadybugDB dialect of connected-to-project.cypher (same name, description and parameters).
// `* SHORTEST` instead of shortestPath(), a filter on intermediate nodes inside the pattern, label(r) for type(r),
// list_transform() for a list comprehension.
MATCH p = (project:Entity {id: $project})-[* SHORTEST 1..6 (r, n | WHERE label(n) = 'Entity')]-(actor:Entity)
WHERE actor.id <> $project
  AND actor.kind IN ['Person', 'Organization', 'Group', 'Country']
  AND length(p) <= $k
RETURN actor.id AS id, actor.name AS name, actor.kind AS kind, length(p) AS hops,
       list_transform(rels(p), x -> label(x)) AS via
ORDER BY hops, id
