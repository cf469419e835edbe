// V004: sessions get an opaque id (listed and revoked by it) and a refresh token hash.
MATCH (s:Session) WHERE s.id IS NULL CALL (s) { SET s.id = randomUUID() } IN TRANSACTIONS OF 10000 ROWS;
CREATE CONSTRAINT session_id IF NOT EXISTS FOR (s:Session) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT session_refresh_hash IF NOT EXISTS FOR (s:Session) REQUIRE s.refresh_hash IS UNIQUE;
