// LadybugDB dialect of shortest-path.cypher (same name, description and parameters).
MATCH p = (a:Entity {id: $from})-[* SHORTEST 1..6 (r, n | WHERE label(n) = 'Entity')]-(b:Entity {id: $to})
RETURN p AS path, length(p) AS hops,
       list_transform(nodes(p), x -> x.name) AS names,
       list_transform(rels(p), x -> label(x)) AS types
