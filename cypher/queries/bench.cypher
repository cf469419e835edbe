// Benchmark set-up and the naive baselines the benchmarks compare against.

// name: bulk_accounts
// Accounts with their own phone identifier, created in one batch.
UNWIND $rows AS row
CREATE (a:Account {id: row.id, created_at: row.created_at})
MERGE (i:Identifier {key: row.key})
ON CREATE SET i.kind = 'phone'
CREATE (a)-[:HAS_IDENTIFIER]->(i)

// name: bulk_contacts
UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
UNWIND row.keys AS key
MERGE (i:Identifier {key: key})
ON CREATE SET i.kind = 'phone'
MERGE (a)-[:HAS_CONTACT]->(i)

// name: naive_add_one_contact
// The baseline: one statement (and one round trip) per contact.
MATCH (a:Account {id: $account_id})
MERGE (i:Identifier {key: $key})
ON CREATE SET i.kind = 'phone'
MERGE (a)-[:HAS_CONTACT]->(i)

// name: bulk_friendships
// Counted in `ties` like the API's friendships: tests add these to accounts that may have been seen.
UNWIND $rows AS row
MATCH (a:Account {id: row.a}), (b:Account {id: row.b})
CREATE (a)-[:FRIEND {since: row.since}]->(b)
SET a.ties = coalesce(a.ties, 0) + 1 + toInteger(rand() * 1.0e9),
    b.ties = coalesce(b.ties, 0) + 1 + toInteger(rand() * 1.0e9)

// name: bulk_posts
UNWIND $rows AS row
MATCH (a:Account {id: row.author})
CREATE (a)-[:WROTE]->(p:Post {id: row.id, text: row.text, tags: [], created_at: row.created_at,
  visible_at: row.created_at, status: 'visible', flags_reset_at: 0})
WITH p, row
OPTIONAL MATCH (c:Collection {slug: row.collection})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (p)-[:IN]->(c))

// name: bulk_hearts
UNWIND $rows AS row
MATCH (a:Account {id: row.account}), (p:Post {id: row.post})
MERGE (a)-[h:HEARTED]->(p)
ON CREATE SET h.at = row.at

// name: naive_ic9
// The baseline the feed benchmark compares against (LDBC IC9's shape): every post of every 1..2-hop
// friend, plus own, hearted-by-friend and subscribed posts, sorted, limited; `popular` by the score
// the product had before the stored rank (issue 15), over 7 days. $skip pages by offset, as a naive
// client would. Not used by the API.
MATCH (v:Account {id: $viewer_id})
CALL (v) {
  MATCH (v)-[:WROTE]->(p:Post) RETURN p
  UNION
  MATCH (v)-[:SUBSCRIBED]->(:Collection)<-[:IN]-(p:Post) RETURN p
  UNION
  MATCH (v)-[:FRIEND]-(:Account)-[:WROTE]->(p:Post) RETURN p
  UNION
  MATCH (v)-[:FRIEND]-(:Account)-[:FRIEND]-(a:Account)-[:WROTE]->(p:Post) WHERE a <> v RETURN p
  UNION
  MATCH (v)-[:FRIEND]-(:Account)-[:HEARTED]->(p:Post) RETURN p
}
WITH p
WHERE p.created_at >= $since AND p.created_at <= $until
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at)
        ELSE (COUNT { (p)<-[:HEARTED]-() } + 2 * COUNT { (p)<-[:ON]-() } + 1)
             / (((toFloat($until) - p.created_at) / 3600000.0 + 2) ^ 1.5) END AS sort_key
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
SKIP $skip
LIMIT $batch

// name: bulk_world
// Whisper's bench: a share of the bulk-loaded posts goes to the world, some with a cell.
UNWIND $rows AS row
MATCH (p:Post {id: row.id})
SET p.audience = 'world', p.geohash = row.geohash

// name: naive_heart
// The heart as it was before the stored rank (the baseline for the write figures): the heart and
// the count, no rank maintenance. The service checks visibility first, as the API does.
MATCH (v:Account {id: $viewer_id}), (p:Post {id: $post_id})
MERGE (v)-[h:HEARTED]->(p)
ON CREATE SET h.at = $now
RETURN COUNT { (p)<-[:HEARTED]-(:Account) } AS hearts

// name: naive_post
// `posts.create` without the stored rank (the baseline for the post write figures): the service's
// every other step is the same (bench/feed_writes.py serves this text in place of posts.create's).
MATCH (a:Account {id: $account_id})
CREATE (a)-[:WROTE]->(p:Post {
  id: $id, text: $text, background_color: $background_color, background_image: $background_image,
  tags: $tags, keywords: $keywords, audience: $audience, geohash: $geohash, created_at: $now,
  visible_at: $visible_at, status: $status, flags_reset_at: 0, screen_reasons: $screen_reasons,
  held_at: CASE WHEN $status = 'held' THEN $now END
})
WITH p
OPTIONAL MATCH (c:Collection {slug: $collection})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (p)-[:IN]->(c))
WITH p
CALL (p) {
  UNWIND $names AS name
  MERGE (t:Tag {name: name})
  CREATE (p)-[:TAGGED {at: $now}]->(t)
}
RETURN p.id AS id

// name: sample_accounts
// Up to $n accounts at random (bench/circle_rule.py times the circle check for them).
MATCH (a:Account)
RETURN a.id AS id ORDER BY rand() LIMIT $n
