// Topic channels.

// name: create
CREATE (c:Collection {slug: $slug, title: $title, description: $description, created_at: $now})
RETURN c.slug AS slug, c.title AS title, c.description AS description

// name: list
OPTIONAL MATCH (v:Account {id: $viewer_id})
MATCH (c:Collection)
RETURN c.slug AS slug, c.title AS title, c.description AS description,
       COUNT { (c)<-[:SUBSCRIBED]-(:Account) } AS subscribers,
       v IS NOT NULL AND EXISTS { (v)-[:SUBSCRIBED]->(c) } AS subscribed
ORDER BY slug

// name: subscribe
MATCH (v:Account {id: $viewer_id}), (c:Collection {slug: $slug})
MERGE (v)-[s:SUBSCRIBED]->(c)
ON CREATE SET s.since = $now
RETURN c.slug AS slug

// name: unsubscribe
MATCH (c:Collection {slug: $slug})
OPTIONAL MATCH (:Account {id: $viewer_id})-[s:SUBSCRIBED]->(c)
DELETE s
RETURN c.slug AS slug

// name: set_campaign
// A campaign is a collection with a sponsor (operators only, through the CLI); null ends it.
MATCH (c:Collection {slug: $slug})
SET c.sponsor = $sponsor
RETURN c.slug AS slug, c.sponsor AS sponsor
