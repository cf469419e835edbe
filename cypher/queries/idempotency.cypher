// Idempotency-Key records: the first answer to a POST, replayed for an hour to the same account
// when the request is the same (`fingerprint`: a SHA-256 of the request's arguments).

// name: claim
// MERGE on a unique key: a concurrent request with the same key waits here, then sees the record.
MERGE (r:IdempotencyRecord {scope: $scope})
ON CREATE SET r.created_at = $now, r.account_id = $account_id, r.fingerprint = $fingerprint
SET r.locked = true
REMOVE r.locked
RETURN r.created_at AS created_at, r.body AS body, r.status AS status, r.fingerprint AS fingerprint

// name: restart
MATCH (r:IdempotencyRecord {scope: $scope})
SET r.created_at = $now, r.fingerprint = $fingerprint
REMOVE r.body, r.status

// name: store
MATCH (r:IdempotencyRecord {scope: $scope})
SET r.body = $body, r.status = $status

// name: purge_expired
MATCH (r:IdempotencyRecord)
WHERE r.created_at < $before
WITH r LIMIT 200
DELETE r

// name: delete_for_account
MATCH (r:IdempotencyRecord {account_id: $account_id})
DELETE r
