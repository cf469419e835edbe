// Address books and the mutual FRIEND edges materialised from them.

// name: contact_keys
// The current book as one list (a 5,000-entry book decodes in one value), plus the account's
// recent resets and additions for the probing quotas, in the same round trip.
MATCH (a:Account {id: $account_id})
RETURN COLLECT { MATCH (a)-[:HAS_CONTACT]->(i:Identifier {kind: $kind}) RETURN i.key } AS keys,
       a.first_upload_at IS NOT NULL AS uploaded_before,
       [t IN coalesce(a.reset_times, []) WHERE t > $since] AS reset_times,
       [i IN range(0, size(coalesce(a.addition_times, [])) - 1)
          WHERE a.addition_times[i] > $since | [a.addition_times[i], a.addition_counts[i]]] AS additions

// name: lock_account
// Taken before the book is read: Neo4j reads without locks, so two replaces of one book would
// otherwise both diff against the same old state, and the later one would keep the earlier's keys.
MATCH (a:Account {id: $account_id})
SET a.locked = true
REMOVE a.locked

// name: remove_contacts
// Also deletes identifiers that nothing references any more.
UNWIND $keys AS key
MATCH (:Account {id: $account_id})-[r:HAS_CONTACT]->(i:Identifier {key: key})
DELETE r
WITH DISTINCT i
WHERE NOT EXISTS { (i)<-[:HAS_IDENTIFIER|HAS_CONTACT]-() }
DELETE i

// name: add_contacts
// One round trip for the whole batch. Each entry: an identifier's key under every pepper version
// (`keys`: the existing node is found whichever it is stored under) and the writing version's (`create`).
MATCH (a:Account {id: $account_id})
UNWIND $entries AS entry
OPTIONAL MATCH (found:Identifier)
WHERE found.key IN entry.keys
WITH a, entry, head(collect(found)) AS found
CALL (found, entry) {
  WITH found, entry
  WHERE found IS NULL
  MERGE (i:Identifier {key: entry.create})
  ON CREATE SET i.kind = $kind
  RETURN i
  UNION
  WITH found
  WHERE found IS NOT NULL
  RETURN found AS i
}
MERGE (a)-[:HAS_CONTACT]->(i)

// name: lock_candidates
// Write-lock everyone who may be the account's friend (the account itself is locked first, by
// `lock_account`). Two accounts adding each other at once then serialise (or deadlock and are
// retried), so neither misses the other's new edge.
MATCH (a:Account {id: $account_id})
OPTIONAL MATCH (a)-[:HAS_CONTACT]->(:Identifier)<-[:HAS_IDENTIFIER]-(b:Account)
WITH a, collect(DISTINCT b) AS contacts
OPTIONAL MATCH (a)-[:FRIEND]-(f:Account)
WITH contacts, collect(f) AS friends
WITH contacts + friends AS candidates
UNWIND candidates AS b
WITH DISTINCT b
SET b.locked = true
REMOVE b.locked

// name: recompute_friends
// Friendship is mutual: A's contacts hold one of B's identifiers AND B's hold one of A's.
// Existing FRIEND edges keep their `since`; it bounds what history the friendship reveals.
MATCH (a:Account {id: $account_id})
OPTIONAL MATCH (a)-[:HAS_CONTACT]->(:Identifier)<-[:HAS_IDENTIFIER]-(b:Account)
WHERE b <> a AND EXISTS { (b)-[:HAS_CONTACT]->(:Identifier)<-[:HAS_IDENTIFIER]-(a) }
WITH a, collect(DISTINCT b) AS wanted
// Both ends of every changed friendship count it in `ties`: the cache of open circles
// (visibility.cypher, `circle_inputs`) relies on it.
CALL (a, wanted) {
  MATCH (a)-[f:FRIEND]-(other:Account)
  WHERE NOT other IN wanted
  SET other.ties = coalesce(other.ties, 0) + 1 + toInteger(rand() * 1.0e9),
      a.ties = coalesce(a.ties, 0) + 1 + toInteger(rand() * 1.0e9)
  DELETE f
}
CALL (a, wanted) {
  UNWIND wanted AS b
  MERGE (a)-[f:FRIEND]-(b)
  ON CREATE SET f.since = $now,
                b.ties = coalesce(b.ties, 0) + 1 + toInteger(rand() * 1.0e9),
                a.ties = coalesce(a.ties, 0) + 1 + toInteger(rand() * 1.0e9)
}
RETURN size(wanted) AS friends

// name: own_identifier
MATCH (:Account {id: $account_id})-[:HAS_IDENTIFIER]->(i:Identifier {kind: $kind})
RETURN i.key AS key

// name: take_identifier
// The account that proved the identifier (a verified Facebook token) takes it: any other holder
// loses it, whatever it claimed, and is returned so its Facebook friend list is dropped too.
// $keys: its key under every pepper version; a new identifier gets $create_key (the writing version).
MATCH (a:Account {id: $account_id})
OPTIONAL MATCH (found:Identifier)
WHERE found.key IN $keys
WITH a, found
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
WITH a, i
OPTIONAL MATCH (i)<-[r:HAS_IDENTIFIER]-(other:Account)
WHERE other <> a
WITH a, i, collect(other.id) AS others, collect(r) AS held
FOREACH (r IN held | DELETE r)
MERGE (a)-[:HAS_IDENTIFIER]->(i)
RETURN others

// name: claim_identifier
// A phone number moving to this account: returns how many other accounts hold it already (the
// caller refuses then); otherwise the account takes it. Only a verified holder of the number gets here.
MATCH (a:Account {id: $account_id})
OPTIONAL MATCH (found:Identifier)
WHERE found.key IN $keys
WITH a, found
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
WITH a, i
OPTIONAL MATCH (i)<-[:HAS_IDENTIFIER]-(other:Account)
WHERE other <> a
WITH a, i, count(other) AS others
FOREACH (_ IN CASE WHEN others = 0 THEN [1] ELSE [] END | MERGE (a)-[:HAS_IDENTIFIER]->(i))
RETURN others

// name: release_identifier
// $keys: the key as read and what a pepper rotation may have re-keyed it to since.
MATCH (:Account {id: $account_id})-[r:HAS_IDENTIFIER]->(i:Identifier)
WHERE i.key IN $keys
DELETE r

// name: record_quota
MATCH (a:Account {id: $account_id})
SET a.first_upload_at = coalesce(a.first_upload_at, $now),
    a.reset_times = $reset_times,
    a.addition_times = $addition_times,
    a.addition_counts = $addition_counts
