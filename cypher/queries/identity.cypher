// Sign-in challenges, sessions and accounts. Identifiers are stored only as peppered keys.

// name: recent_challenges
// How many codes this identifier was sent since $since, and when the oldest of those expires from the window.
OPTIONAL MATCH (c:SignInChallenge {identifier_key: $identifier_key})
WHERE c.created_at >= $since
RETURN count(c) AS sent, min(c.created_at) AS oldest

// name: recent_challenges_from_address
OPTIONAL MATCH (c:SignInChallenge {address_key: $address_key})
WHERE c.created_at >= $since
RETURN count(c) AS sent, min(c.created_at) AS oldest

// name: purge_challenges_from_address
MATCH (c:SignInChallenge {address_key: $address_key})
WHERE c.created_at < $before
DELETE c

// name: purge_challenges
MATCH (c:SignInChallenge {identifier_key: $identifier_key})
WHERE c.created_at < $before
DELETE c

// name: create_challenge
CREATE (c:SignInChallenge {
  id: $id, identifier_key: $identifier_key, address_key: $address_key, code_hash: $code_hash,
  created_at: $now, expires_at: $expires_at, attempts: 0
})

// name: count_attempt
// Spends one attempt before the code is checked, so a failed check always counts.
MATCH (c:SignInChallenge {id: $id})
SET c.attempts = c.attempts + 1
RETURN c.identifier_key AS identifier_key, c.code_hash AS code_hash,
       c.expires_at AS expires_at, c.attempts AS attempts

// name: owner_of_identifier
MATCH (:Identifier {key: $identifier_key})<-[:HAS_IDENTIFIER]-(a:Account)
RETURN a.id AS id, a.passcode_hash AS passcode_hash

// name: consume_challenge
MATCH (c:SignInChallenge {id: $id})
DELETE c
RETURN count(*) AS consumed

// name: lock_identifier
// MERGE plus a write: concurrent sign-ins of one phone queue here, so only one creates the account.
MERGE (i:Identifier {key: $identifier_key})
ON CREATE SET i.kind = $kind
SET i.locked = true
REMOVE i.locked
WITH i
OPTIONAL MATCH (i)<-[:HAS_IDENTIFIER]-(a:Account)
RETURN a.id AS id, a.created_at AS created_at, a.passcode_hash AS passcode_hash

// name: create_account
MATCH (i:Identifier {key: $identifier_key})
CREATE (a:Account {id: $id, created_at: $now})-[:HAS_IDENTIFIER]->(i)
RETURN a.id AS id, a.created_at AS created_at

// name: create_session
MATCH (a:Account {id: $account_id})
CREATE (s:Session {token_hash: $token_hash, created_at: $now})-[:AUTHENTICATES]->(a)

// name: account_for_token
MATCH (:Session {token_hash: $token_hash})-[:AUTHENTICATES]->(a:Account)
RETURN a.id AS id, coalesce(a.is_moderator, false) AS is_moderator

// name: revoke_session
MATCH (s:Session {token_hash: $token_hash})
DETACH DELETE s

// name: get_account
MATCH (a:Account {id: $account_id})
RETURN a.id AS id, a.created_at AS created_at,
       a.passcode_hash IS NOT NULL AS has_passcode,
       COUNT { (a)-[:FRIEND]-(:Account) } AS friends,
       EXISTS { (a)-[:HAS_IDENTIFIER]->(:Identifier {kind: 'fb'}) } AS facebook_linked

// name: set_passcode
MATCH (a:Account {id: $account_id})
SET a.passcode_hash = $passcode_hash

// name: set_moderator
MATCH (a:Account {id: $account_id})
SET a.is_moderator = $is_moderator
RETURN a.id AS id

// name: account_identifiers
// Identifiers this account owns or has as contacts; checked for orphans once it is gone.
MATCH (a:Account {id: $account_id})-[:HAS_IDENTIFIER|HAS_CONTACT]->(i:Identifier)
RETURN collect(DISTINCT i.key) AS keys

// name: delete_sessions
MATCH (:Account {id: $account_id})<-[:AUTHENTICATES]-(s:Session)
DETACH DELETE s

// name: delete_account_node
MATCH (a:Account {id: $account_id})
DETACH DELETE a

// name: delete_orphan_identifiers
// An identifier nobody owns and nobody has as a contact says nothing; it is removed.
UNWIND $keys AS key
MATCH (i:Identifier {key: key})
WHERE NOT EXISTS { (i)<-[:HAS_IDENTIFIER|HAS_CONTACT]-() }
DELETE i
