// Bookkeeping of `secret-graph migrate`: which migration files are applied, and the lock.

// name: ensure_migration_lock_constraint
CREATE CONSTRAINT schema_migration_lock_name IF NOT EXISTS
FOR (l:SchemaMigrationLock) REQUIRE l.name IS UNIQUE

// name: ensure_migration_version_constraint
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS
FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE

// name: acquire_lock
// Returns a row only when the caller now holds the lock; a lock older than its TTL is taken over.
MERGE (l:SchemaMigrationLock {name: 'migrate'})
WITH l
WHERE l.owner IS NULL OR l.owner = $owner OR l.expires_at < $now
SET l.owner = $owner, l.expires_at = $now + $ttl_ms
RETURN l.owner AS owner

// name: release_lock
MATCH (l:SchemaMigrationLock {name: 'migrate'})
WHERE l.owner = $owner
REMOVE l.owner, l.expires_at

// name: applied
MATCH (m:SchemaMigration)
RETURN m.version AS version, m.name AS name, m.checksum AS checksum, m.applied_at AS applied_at
ORDER BY m.version

// name: record
CREATE (m:SchemaMigration {version: $version, name: $name, checksum: $checksum, applied_at: $now})

// name: wipe_data
// Tests only: delete every node but the migration bookkeeping; the schema stays.
MATCH (n)
WHERE NOT n:SchemaMigration AND NOT n:SchemaMigrationLock
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
