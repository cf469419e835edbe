// V001: uniqueness constraints and indexes for the core model.
// Applied once by `secret-graph migrate`; never edit after it has been applied anywhere.
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE;
CREATE CONSTRAINT session_token_hash IF NOT EXISTS FOR (s:Session) REQUIRE s.token_hash IS UNIQUE;
CREATE CONSTRAINT challenge_id IF NOT EXISTS FOR (c:SignInChallenge) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT post_id IF NOT EXISTS FOR (p:Post) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT comment_id IF NOT EXISTS FOR (c:Comment) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT collection_slug IF NOT EXISTS FOR (c:Collection) REQUIRE c.slug IS UNIQUE;
CREATE CONSTRAINT idempotency_scope IF NOT EXISTS FOR (r:IdempotencyRecord) REQUIRE r.scope IS UNIQUE;
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (d:ModerationDecision) REQUIRE d.id IS UNIQUE;
CREATE INDEX challenge_identifier IF NOT EXISTS FOR (c:SignInChallenge) ON (c.identifier_key, c.created_at);
CREATE INDEX post_created_at IF NOT EXISTS FOR (p:Post) ON (p.created_at);
CREATE INDEX post_geohash IF NOT EXISTS FOR (p:Post) ON (p.geohash);
CREATE INDEX post_status IF NOT EXISTS FOR (p:Post) ON (p.status);
CREATE INDEX idempotency_created_at IF NOT EXISTS FOR (r:IdempotencyRecord) ON (r.created_at);
