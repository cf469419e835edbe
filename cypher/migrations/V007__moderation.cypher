// V007: moderation. Comments get a status (absent means visible); the review queue finds held,
// flagged and appealed content by index; the audit lists decisions newest first.
CREATE INDEX comment_status IF NOT EXISTS FOR (c:Comment) ON (c.status);
CREATE INDEX post_appeal IF NOT EXISTS FOR (p:Post) ON (p.appeal);
CREATE INDEX decision_at IF NOT EXISTS FOR (d:ModerationDecision) ON (d.at);
