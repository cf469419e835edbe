// name: heart_cascades
// description: How far hearts carried posts: hops beyond the author's two-hop reach, and the extra viewers gained.
// columns: hops, posts (count), extra_viewers (count)
// chart: bar x=hops y=posts
// hops: 0 when every hearter was already within two friendships of the author; otherwise how many
// friendships further the farthest hearter was; -1 when no hearter has any friendship path to the
// author (they found it through a collection or nearby). Extra viewers: friends of hearters (friends before
// the heart) outside the author's two-hop reach.
MATCH (author:Account)-[:WROTE]->(p:Post)
WHERE EXISTS { (p)<-[:HEARTED]-(:Account) }
WITH author, p, COLLECT { MATCH (author)-[:FRIEND]-{1,2}(r:Account) RETURN DISTINCT r } + [author] AS reach
CALL (author, p, reach) {
  MATCH (h:Account)-[:HEARTED]->(p)
  OPTIONAL MATCH path = SHORTEST 1 (author)-[:FRIEND]-{1,6}(h)
  RETURN max(CASE WHEN h IN reach THEN 0 WHEN path IS NULL THEN -1 ELSE length(path) - 2 END) AS hops
}
CALL (p, reach) {
  MATCH (h:Account)-[ht:HEARTED]->(p)
  MATCH (h)-[f:FRIEND]-(viewer:Account)
  WHERE f.since <= ht.at AND NOT viewer IN reach
  RETURN count(DISTINCT viewer) AS extra
}
RETURN hops, count(p) AS posts, sum(extra) AS extra_viewers
ORDER BY hops;
