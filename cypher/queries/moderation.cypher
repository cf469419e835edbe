// Flags review. Moderators see posts and reasons, never authors.

// name: queue
MATCH (p:Post)<-[f:FLAGGED]-(:Account)
WHERE p.status IN ['visible', 'pending'] AND f.at > p.flags_reset_at
WITH p, f.reason AS reason, count(*) AS n
ORDER BY reason
WITH p, collect({reason: reason, count: n}) AS reasons, sum(n) AS flags
OPTIONAL MATCH (p)-[:IN]->(c:Collection)
RETURN p.id AS id, p.text AS text, p.tags AS tags, c.slug AS collection, p.status AS status,
       p.created_at AS created_at, flags, reasons
ORDER BY flags DESC, id
LIMIT $limit

// name: decide
// Every decision is kept as an audit record.
MATCH (p:Post {id: $post_id})
SET p.status = CASE $action WHEN 'remove' THEN 'removed' ELSE 'visible' END,
    p.flags_reset_at = CASE $action WHEN 'restore' THEN $now ELSE p.flags_reset_at END
CREATE (d:ModerationDecision {id: $decision_id, action: $action, at: $now, moderator_id: $moderator_id, post_id: p.id})
CREATE (d)-[:ABOUT]->(p)
RETURN p.status AS status, d.id AS decision_id
