// `secret-graph seed` and `secret-graph import-edges`: the same nodes, relationships and
// properties the API writes (tests/test_seed.py compares them), in UNWIND batches.

// name: is_empty
RETURN NOT EXISTS { MATCH (:Account) } AS empty

// name: accounts
// Each account with its own phone identifier; the address book was uploaded on joining.
// `ties` starts at a random count (visibility.cypher, `circle_inputs`): the same seed gives the same
// ids, so a graph seeded again after a wipe must not give a process that remembered a circle the
// digest it remembered.
UNWIND $rows AS row
CREATE (a:Account {id: row.id, created_at: row.created_at, first_upload_at: row.created_at,
                   ties: 1 + toInteger(rand() * 1.0e9)})
CREATE (a)-[:HAS_IDENTIFIER]->(:Identifier {key: row.key, kind: 'phone'})

// name: friendships
// Rows are grouped by account, so each batch looks the account up once. No `ties` counted (unlike
// the API's friendships): seeding needs an empty database, and each account's random starting count
// (`accounts`) already sets this graph apart from any seeded before.
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
UNWIND row.friends AS friend
MATCH (b:Account {id: friend.id})
CREATE (a)-[:FRIEND {since: friend.since}]->(b)

// name: address_books
// Every book holds the phone identifiers of the account's friends: both sides hold each other,
// which is exactly the mutual-contact rule (`contacts.recompute_friends`) that made them friends.
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:FRIEND]-(:Account)-[:HAS_IDENTIFIER]->(i:Identifier)
CREATE (a)-[:HAS_CONTACT]->(i)

// name: subscriptions
UNWIND $rows AS row
MATCH (a:Account {id: row.id}), (c:Collection {slug: row.slug})
CREATE (a)-[:SUBSCRIBED {since: row.since}]->(c)

// name: posts
UNWIND $rows AS row
MATCH (a:Account {id: row.author})
UNWIND row.posts AS post
CREATE (a)-[:WROTE]->(p:Post {
  id: post.id, text: post.text, background_color: post.background_color, background_image: null,
  tags: post.tags, geohash: post.geohash, created_at: post.created_at, visible_at: post.visible_at,
  status: 'visible', flags_reset_at: 0
})
WITH p, post
WHERE post.collection IS NOT NULL
MATCH (c:Collection {slug: post.collection})
CREATE (p)-[:IN]->(c)

// name: hearts
UNWIND $rows AS row
MATCH (p:Post {id: row.post})
UNWIND row.hearts AS heart
MATCH (a:Account {id: heart.account})
CREATE (a)-[:HEARTED {at: heart.at}]->(p)

// name: comments
UNWIND $rows AS row
MATCH (p:Post {id: row.post})
UNWIND row.comments AS comment
MATCH (a:Account {id: comment.account})
WITH p, comment, a, EXISTS { (a)-[:WROTE]->(p) } AS by_post_author
CREATE (a)-[:WROTE]->(:Comment {
  id: comment.id, text: comment.text, created_at: comment.created_at,
  avatar_name: comment.avatar_name, avatar_color: comment.avatar_color, by_post_author: by_post_author
})-[:ON]->(p)
