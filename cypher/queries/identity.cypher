// Sign-in challenges, sessions and accounts. Identifiers are stored only as peppered keys.

// name: lock_code_quotas
// Neo4j reads without locks: two code requests could both count 4 of 5 and both send. Each
// request first locks one node per quota key (phone, address; in sorted order), so counts
// and creates of one key queue here. A node idle for an hour is purged (purge_code_quotas).
UNWIND $keys AS key
MERGE (q:CodeQuota {key: key})
SET q.last_at = $now
WITH count(q) AS locked
RETURN locked

// name: purge_code_quotas
MATCH (q:CodeQuota)
WHERE q.last_at < $before
WITH q LIMIT 100
DELETE q

// name: recent_challenges
// How many codes this identifier was sent since $since, and when the oldest of those expires from the window.
// $identifier_keys: the identifier's key under every pepper version (a rotation may be half done).
OPTIONAL MATCH (c:SignInChallenge)
WHERE c.identifier_key IN $identifier_keys AND c.created_at >= $since
RETURN count(c) AS sent, min(c.created_at) AS oldest

// name: recent_challenges_from_address
OPTIONAL MATCH (c:SignInChallenge)
WHERE c.address_key IN $address_keys AND c.created_at >= $since
RETURN count(c) AS sent, min(c.created_at) AS oldest

// name: purge_challenges_from_address
MATCH (c:SignInChallenge)
WHERE c.address_key IN $address_keys AND c.created_at < $before
DELETE c

// name: purge_challenges
MATCH (c:SignInChallenge)
WHERE c.identifier_key IN $identifier_keys AND c.created_at < $before
DELETE c

// name: create_challenge
// $purpose is null for a sign-in code, 'phone_change' (with $account_id) for a new number's code.
CREATE (c:SignInChallenge {
  id: $id, identifier_key: $identifier_key, address_key: $address_key, code_hash: $code_hash,
  created_at: $now, expires_at: $expires_at, attempts: 0, purpose: $purpose, account_id: $account_id
})

// name: lock_challenge
// Neo4j reads without locks: every use of a challenge takes its write lock first, so the
// statements after this one, in the same transaction, see what a concurrent use committed.
MATCH (c:SignInChallenge {id: $id})
SET c.locked = true
REMOVE c.locked

// name: count_attempt
// Spends one attempt before the code is checked, so a failed check always counts. Run after
// lock_challenge, so concurrent attempts cannot overwrite each other's count.
MATCH (c:SignInChallenge {id: $id})
SET c.attempts = c.attempts + 1
RETURN c.identifier_key AS identifier_key, c.code_hash AS code_hash, c.consumed_at IS NOT NULL AS consumed,
       c.expires_at AS expires_at, c.attempts AS attempts, c.purpose AS purpose, c.account_id AS account_id

// name: stored_identifier_key
// The key an existing identifier is stored under, whichever pepper version it is (or no row).
MATCH (i:Identifier)
WHERE i.key IN $identifier_keys
RETURN i.key AS key
LIMIT 1

// name: owner_of_identifier
MATCH (i:Identifier)<-[:HAS_IDENTIFIER]-(a:Account)
WHERE i.key IN $identifier_keys
RETURN a.id AS id, a.passcode_hash AS passcode_hash

// name: consume_challenge
// Run after lock_challenge: exactly one of several concurrent uses finds the code unspent. The
// spent challenge stays (without its code) until the quota window passes: it is a code sent.
MATCH (c:SignInChallenge {id: $id})
WHERE c.consumed_at IS NULL
SET c.consumed_at = $now
REMOVE c.code_hash
RETURN count(c) AS consumed

// name: lock_identifier
// The identifier under any version of its key, or a new one under $create_key (the writing
// version); then a write: concurrent sign-ins of one phone queue here, so only one creates the
// account, and a pepper rotation cannot re-key it before this transaction ends.
OPTIONAL MATCH (found:Identifier)
WHERE found.key IN $identifier_keys
WITH found
LIMIT 1
CALL (found) {
  WITH found
  WHERE found IS NULL
  MERGE (i:Identifier {key: $create_key})
  ON CREATE SET i.kind = $kind
  RETURN i
  UNION
  WITH found
  WHERE found IS NOT NULL
  RETURN found AS i
}
SET i.locked = true
REMOVE i.locked
WITH i
OPTIONAL MATCH (i)<-[:HAS_IDENTIFIER]-(a:Account)
RETURN i.key AS key, a.id AS id, a.created_at AS created_at, a.passcode_hash AS passcode_hash,
       i.banned_at IS NOT NULL AS banned

// name: create_account
MATCH (i:Identifier {key: $identifier_key})
CREATE (a:Account {id: $id, created_at: $now})-[:HAS_IDENTIFIER]->(i)
RETURN a.id AS id, a.created_at AS created_at

// name: create_session
// Sessions expire; $ttl_ms below reads sessions made before expiry existed as made to expire.
MATCH (a:Account {id: $account_id})
CREATE (s:Session {
  id: $id, token_hash: $token_hash, refresh_hash: $refresh_hash, created_at: $now, last_used_at: $used,
  expires_at: $expires_at, refresh_expires_at: $refresh_expires_at
})-[:AUTHENTICATES]->(a)

// name: purge_expired_sessions
MATCH (:Account {id: $account_id})<-[:AUTHENTICATES]-(s:Session)
WHERE coalesce(s.refresh_expires_at, s.expires_at, s.created_at + $ttl_ms) <= $now
DETACH DELETE s

// name: account_for_token
MATCH (s:Session {token_hash: $token_hash})-[:AUTHENTICATES]->(a:Account)
WHERE coalesce(s.expires_at, s.created_at + $ttl_ms) > $now
RETURN a.id AS id, coalesce(a.is_moderator, false) AS is_moderator,
       coalesce(s.last_used_at, s.created_at) AS last_used_at

// name: touch_session
// Last use is kept to the hour, and written at most once an hour per session.
MATCH (s:Session {token_hash: $token_hash})
SET s.last_used_at = $used

// name: lock_session_for_refresh
MATCH (s:Session {refresh_hash: $refresh_hash})
SET s.locked = true
REMOVE s.locked
RETURN s.id AS id

// name: rotate_session
// Run after lock_session_for_refresh: the refresh hash is read again under the lock, so of
// several concurrent refreshes with one token exactly one matches.
MATCH (s:Session {id: $id})-[:AUTHENTICATES]->(a:Account)
WHERE s.refresh_hash = $refresh_hash AND s.refresh_expires_at > $now
SET s.token_hash = $token_hash, s.refresh_hash = $new_refresh_hash, s.last_used_at = $used,
    s.expires_at = $expires_at, s.refresh_expires_at = $refresh_expires_at
RETURN a.id AS account_id

// name: list_sessions
MATCH (:Account {id: $account_id})<-[:AUTHENTICATES]-(s:Session)
WHERE coalesce(s.refresh_expires_at, s.expires_at, s.created_at + $ttl_ms) > $now
// Times to the hour (rounded down): a list of sessions should not be a log of activity.
WITH s, coalesce(s.last_used_at, s.created_at) AS used, coalesce(s.expires_at, s.created_at + $ttl_ms) AS expires
RETURN s.id AS id, s.created_at - s.created_at % 3600000 AS created_at, used - used % 3600000 AS last_used_at,
       expires - expires % 3600000 AS expires_at, s.token_hash = $token_hash AS current
ORDER BY s.created_at DESC, id

// name: revoke_session
MATCH (s:Session {token_hash: $token_hash})
DETACH DELETE s

// name: revoke_session_by_id
// Another account's session id matches nothing, exactly like an unknown one.
MATCH (:Account {id: $account_id})<-[:AUTHENTICATES]-(s:Session {id: $session_id})
DETACH DELETE s
RETURN count(*) AS revoked

// name: get_account
MATCH (a:Account {id: $account_id})
RETURN a.id AS id, a.created_at AS created_at,
       a.passcode_hash IS NOT NULL AS has_passcode,
       COUNT { (a)-[:FRIEND]-(:Account) } AS friends,
       EXISTS { (a)-[:HAS_IDENTIFIER]->(:Identifier {kind: 'fb'}) } AS facebook_linked

// name: set_passcode
MATCH (a:Account {id: $account_id})
SET a.passcode_hash = $passcode_hash

// name: lock_account
// Taken first where the account's own properties are read and then written (see lock_challenge).
MATCH (a:Account {id: $account_id})
SET a.locked = true
REMOVE a.locked

// name: count_passcode_attempt
// Spends an attempt before the passcode is checked (after lock_account), like count_attempt.
MATCH (a:Account {id: $account_id})
SET a.passcode_attempts = [t IN coalesce(a.passcode_attempts, []) WHERE t > $since] + $now
RETURN a.passcode_hash AS passcode_hash, size(a.passcode_attempts) AS attempts

// name: remove_passcode
// Only the passcode that was checked: a passcode changed meanwhile stays.
MATCH (a:Account {id: $account_id})
WHERE a.passcode_hash = $passcode_hash
REMOVE a.passcode_hash, a.passcode_attempts
RETURN count(a) AS removed

// name: replace_passcode
// Only over the passcode that was checked ($expected_hash, null for none): a concurrent change wins.
MATCH (a:Account {id: $account_id})
WHERE a.passcode_hash = $expected_hash OR (a.passcode_hash IS NULL AND $expected_hash IS NULL)
SET a.passcode_hash = $passcode_hash
REMOVE a.passcode_attempts
RETURN count(a) AS replaced

// name: set_moderator
MATCH (a:Account {id: $account_id})
SET a.is_moderator = $is_moderator
RETURN a.id AS id

// name: identifier_banned
// A moderator's ban keeps only the banned number's key, with banned_at (see delete_orphan_identifiers).
MATCH (i:Identifier)
WHERE i.key IN $keys AND i.banned_at IS NOT NULL
RETURN true AS banned
LIMIT 1

// name: account_identifiers
// Identifiers this account owns or has as contacts; checked for orphans once it is gone.
MATCH (a:Account {id: $account_id})-[:HAS_IDENTIFIER|HAS_CONTACT]->(i:Identifier)
RETURN collect(DISTINCT i.key) AS keys

// name: delete_sessions
MATCH (:Account {id: $account_id})<-[:AUTHENTICATES]-(s:Session)
DETACH DELETE s

// name: delete_account_node
// Its friends count the friendships it takes along in `ties` (visibility.cypher, `circle_inputs`).
MATCH (a:Account {id: $account_id})
CALL (a) {
  MATCH (a)-[:FRIEND]-(f:Account)
  SET f.ties = coalesce(f.ties, 0) + 1 + toInteger(rand() * 1.0e9)
}
DETACH DELETE a

// name: delete_orphan_identifiers
// An identifier nobody owns and nobody has as a contact says nothing; it is removed. A banned
// number's key stays: it is all a ban keeps, so that the number cannot sign up again.
UNWIND $keys AS key
MATCH (i:Identifier {key: key})
WHERE NOT EXISTS { (i)<-[:HAS_IDENTIFIER|HAS_CONTACT]-() } AND i.banned_at IS NULL
DELETE i

// name: export
// Only what the account itself wrote or chose: no other account's id, comment or contact.
// Unlinked posts have no WROTE edge left, so they are not the account's any more and not here.
MATCH (a:Account {id: $account_id})
RETURN a.id AS id, a.created_at AS created_at,
       a.passcode_hash IS NOT NULL AS has_passcode,
       EXISTS { (a)-[:HAS_IDENTIFIER]->(:Identifier {kind: 'fb'}) } AS facebook_linked,
       COUNT { (a)-[:HAS_CONTACT]->(:Identifier) } AS contacts,
       COLLECT {
         MATCH (a)-[:WROTE]->(p:Post)
         OPTIONAL MATCH (p)-[:IN]->(c:Collection)
         RETURN {id: p.id, text: p.text, created_at: p.created_at, status: p.status, tags: coalesce(p.tags, []),
                 background_color: p.background_color, background_image: p.background_image,
                 geohash: p.geohash, collection: c.slug} AS post
         ORDER BY p.created_at, p.id
       } AS posts,
       COLLECT {
         MATCH (a)-[:WROTE]->(c:Comment)-[:ON]->(p:Post)
         RETURN {id: c.id, post_id: p.id, text: c.text, created_at: c.created_at, avatar_name: c.avatar_name,
                 avatar_color: c.avatar_color} AS comment
         ORDER BY c.created_at, c.id
       } AS comments,
       COLLECT {
         MATCH (a)-[h:HEARTED]->(p:Post)
         RETURN {post_id: p.id, at: h.at} AS heart
         ORDER BY h.at, p.id
       } AS hearts,
       COLLECT {
         MATCH (a)-[s:SUBSCRIBED]->(c:Collection)
         RETURN {collection: c.slug, since: s.since} AS subscription
         ORDER BY c.slug
       } AS subscriptions
