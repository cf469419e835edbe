// name: posts_per_day_by_channel
// description: Posts per day by the channels through which they could reach viewers (a post can use several).
// columns: day, posts (count), friend (count), friend_of_friend (count), heart_spread (count), collection (count)
// chart: line x=day y=posts
MATCH (p:Post)
OPTIONAL MATCH (author:Account)-[:WROTE]->(p)
WITH p, date(datetime({epochMillis: p.created_at})) AS day,
     author IS NOT NULL AND EXISTS { (author)-[f:FRIEND]-(:Account) WHERE f.since <= p.created_at } AS friend,
     author IS NOT NULL AND EXISTS { (author)-[f1:FRIEND]-(:Account)-[f2:FRIEND]-(x:Account)
                                     WHERE x <> author AND f1.since <= p.created_at AND f2.since <= p.created_at } AS fof,
     EXISTS { (:Account)-[f:FRIEND]-(h:Account)-[ht:HEARTED]->(p) WHERE f.since <= ht.at } AS heart,
     EXISTS { (p)-[:IN]->(:Collection) } AS collection
RETURN toString(day) AS day, count(p) AS posts,
       sum(CASE WHEN friend THEN 1 ELSE 0 END) AS friend,
       sum(CASE WHEN fof THEN 1 ELSE 0 END) AS friend_of_friend,
       sum(CASE WHEN heart THEN 1 ELSE 0 END) AS heart_spread,
       sum(CASE WHEN collection THEN 1 ELSE 0 END) AS collection
ORDER BY day;
