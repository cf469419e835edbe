// V004: sessions get an opaque id (listed and revoked by it) and a refresh token hash;
// sign-in code quotas get one lock node per phone key and per address key.
MATCH (s:Session) WHERE s.id IS NULL CALL (s) { SET s.id = randomUUID() } IN TRANSACTIONS OF 10000 ROWS;
CREATE CONSTRAINT session_id IF NOT EXISTS FOR (s:Session) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT session_refresh_hash IF NOT EXISTS FOR (s:Session) REQUIRE s.refresh_hash IS UNIQUE;
CREATE CONSTRAINT code_quota_key IF NOT EXISTS FOR (q:CodeQuota) REQUIRE q.key IS UNIQUE;
CREATE INDEX code_quota_last_at IF NOT EXISTS FOR (q:CodeQuota) ON (q.last_at);
