// name: heart_cascades
// description: How far hearts carried recent posts beyond the author's two-hop reach, and the extra viewers gained.
// param: days = 7
// param: now = now
// columns: hops, posts (count), extra_viewers (count)
// chart: bar x=hops y=posts
// In cypher-shell: :param days => 7; :param now => timestamp()
// hops: 0 when every hearter was within two friendships of the author (hearts kept the post in its
// original reach); 1 when some hearter was beyond it, so the post crossed into other circles.
// Extra viewers: friends of hearters (friends before the heart) who are not the
// author and not within two friendships of the author.
MATCH (author:Account)-[:WROTE]->(p:Post)
WHERE p.created_at >= $now - $days * 86400000 AND EXISTS { (p)<-[:HEARTED]-(:Account) }
CALL (author, p) {
  MATCH (h:Account)-[:HEARTED]->(p)
  RETURN max(CASE
    WHEN h = author OR EXISTS { (author)-[:FRIEND]-(h) }
         OR EXISTS { (author)-[:FRIEND]-(:Account)-[:FRIEND]-(h) } THEN 0
    ELSE 1 END) AS hops
}
CALL (author, p) {
  MATCH (h:Account)-[ht:HEARTED]->(p)
  MATCH (h)-[f:FRIEND]-(viewer:Account)
  WHERE f.since <= ht.at AND viewer <> author
    AND NOT EXISTS { (author)-[:FRIEND]-(viewer) }
    AND NOT EXISTS { (author)-[:FRIEND]-(:Account)-[:FRIEND]-(viewer) }
  RETURN count(DISTINCT viewer) AS extra
}
RETURN hops, count(p) AS posts, sum(extra) AS extra_viewers
ORDER BY hops;
