// Anonymous chats between a post's reader (the opener) and its author. Whether the opener may see
// the post is asked of secret_graph/visibility.py first, by the service.

// name: open
// One chat per opener and post ($key). When the author cannot be reached (the post is unlinked,
// its author gone, or either side blocks the other) the chat is a shadow: the opener sees an
// ordinary request that is never answered, and no author is in it. A refusal instead would tell a
// blocked account which posts the blocker wrote.
MATCH (v:Account {id: $viewer_id}), (p:Post {id: $post_id})
OPTIONAL MATCH (author:Account)-[:WROTE]->(p)
WITH v, p, author, author IS NULL OR author = v OR EXISTS { (v)-[:BLOCKS]-(author) } AS unreachable
MERGE (c:Chat {key: $key})
ON CREATE SET c.id = $id, c.created_at = $now, c.last_at = $now, c.status = 'requested', c.post_id = $post_id,
              c.opener_name = $name, c.opener_color = $color, c.opener_sent = 0, c.shadow = unreachable
MERGE (v)-[:IN_CHAT {role: 'opener'}]->(c)
MERGE (c)-[:ABOUT]->(p)
FOREACH (_ IN CASE WHEN c.shadow THEN [] ELSE [1] END | MERGE (author)-[:IN_CHAT {role: 'author'}]->(c))
RETURN c.id AS id, c.created_at = $now AS created

// name: get
// The chat as one member sees it; nothing for anyone else or once they left.
MATCH (v:Account {id: $viewer_id})-[m:IN_CHAT]->(c:Chat {id: $chat_id})
WHERE m.left_at IS NULL
OPTIONAL MATCH (other:Account)-[:IN_CHAT]->(c) WHERE other <> v
RETURN c.id AS id, c.post_id AS post_id, c.status AS status, m.role AS role, c.opener_name AS opener_name,
       c.opener_color AS opener_color, c.opener_sent AS opener_sent, c.created_at AS created_at,
       c.last_at AS last_at, other IS NOT NULL AND EXISTS { (v)-[:BLOCKS]-(other) } AS blocked

// name: list
// The member's chats, latest activity first.
MATCH (v:Account {id: $viewer_id})-[m:IN_CHAT]->(c:Chat)
WHERE m.left_at IS NULL
  AND ($after_at IS NULL OR c.last_at < $after_at OR (c.last_at = $after_at AND c.id < $after_id))
OPTIONAL MATCH (other:Account)-[:IN_CHAT]->(c) WHERE other <> v
RETURN c.id AS id, c.post_id AS post_id, c.status AS status, m.role AS role, c.opener_name AS opener_name,
       c.opener_color AS opener_color, c.opener_sent AS opener_sent, c.created_at AS created_at,
       c.last_at AS last_at, other IS NOT NULL AND EXISTS { (v)-[:BLOCKS]-(other) } AS blocked
ORDER BY c.last_at DESC, c.id DESC
LIMIT $limit

// name: set_status
// The author answers a request; $from is the status it must still have.
MATCH (:Account {id: $viewer_id})-[m:IN_CHAT {role: 'author'}]->(c:Chat {id: $chat_id})
WHERE m.left_at IS NULL AND c.status = $from_status
SET c.status = $to, c.last_at = $now
RETURN c.id AS id

// name: send
MATCH (v:Account {id: $viewer_id})-[:IN_CHAT]->(c:Chat {id: $chat_id})
SET c.last_at = $now,
    c.opener_sent = c.opener_sent + CASE WHEN $by_opener THEN 1 ELSE 0 END
CREATE (v)-[:SENT]->(msg:ChatMessage {id: $id, text: $text, created_at: $now})-[:IN]->(c)
RETURN msg.id AS id

// name: messages
// Newest first, from the position after ($after_at, $after_id).
MATCH (v:Account {id: $viewer_id})-[m:IN_CHAT]->(c:Chat {id: $chat_id})<-[:IN]-(msg:ChatMessage)
WHERE m.left_at IS NULL
  AND ($after_at IS NULL OR msg.created_at < $after_at OR (msg.created_at = $after_at AND msg.id < $after_id))
RETURN msg.id AS id, msg.text AS text, msg.created_at AS created_at, EXISTS { (v)-[:SENT]->(msg) } AS mine
ORDER BY msg.created_at DESC, msg.id DESC
LIMIT $limit

// name: leave
// Leaving ends the chat for both; the leaver no longer sees it.
MATCH (:Account {id: $viewer_id})-[m:IN_CHAT]->(c:Chat {id: $chat_id})
WHERE m.left_at IS NULL
SET m.left_at = $now, c.status = CASE WHEN c.status = 'blocked' THEN 'blocked' ELSE 'ended' END
RETURN c.id AS id

// name: block
// The shared block edge: (blocker)-[:BLOCKS {created_at}]->(blocked). The chat ends for good.
MATCH (v:Account {id: $viewer_id})-[m:IN_CHAT]->(c:Chat {id: $chat_id})<-[:IN_CHAT]-(other:Account)
WHERE m.left_at IS NULL AND other <> v
MERGE (v)-[b:BLOCKS]->(other)
ON CREATE SET b.created_at = $now
SET c.status = 'blocked'
RETURN c.id AS id

// name: flag
// A member flags a message the other side sent; only flagged messages ever reach moderators.
MATCH (v:Account {id: $viewer_id})-[m:IN_CHAT]->(c:Chat {id: $chat_id})<-[:IN]-(msg:ChatMessage {id: $message_id})
WHERE m.left_at IS NULL AND NOT (v)-[:SENT]->(msg)
SET msg.flagged_at = coalesce(msg.flagged_at, $now), msg.flag_reason = coalesce(msg.flag_reason, $reason)
RETURN msg.id AS id

// name: flagged
// For moderators: flagged messages only, with their text and reason; never who sent them.
MATCH (msg:ChatMessage)-[:IN]->(c:Chat)
WHERE msg.flagged_at IS NOT NULL
RETURN msg.id AS id, c.id AS chat_id, msg.text AS text, msg.flag_reason AS reason, msg.flagged_at AS flagged_at
ORDER BY msg.flagged_at DESC, msg.id DESC
LIMIT $limit

// name: delete_for_account
// Account deletion: every chat it is in, with all their messages (both sides').
MATCH (:Account {id: $account_id})-[:IN_CHAT]->(c:Chat)
OPTIONAL MATCH (c)<-[:IN]-(msg:ChatMessage)
DETACH DELETE msg, c
