// V002: indexes for posts, comments, collections, idempotency records and moderation.
CREATE INDEX comment_created_at IF NOT EXISTS FOR (c:Comment) ON (c.created_at);
CREATE INDEX idempotency_account IF NOT EXISTS FOR (r:IdempotencyRecord) ON (r.account_id);
CREATE INDEX decision_post IF NOT EXISTS FOR (d:ModerationDecision) ON (d.post_id);
