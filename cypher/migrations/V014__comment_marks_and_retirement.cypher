// V014: a comment's "by the post's author" mark is stored when it is written (comments.create), so
// it does not change when the author unlinks the post or deletes the account; a deleted account's
// comments are retired at their own times (`remove_at`, purged like its posts). The backfill marks
// the comments whose writer still wrote their post.
CREATE INDEX comment_remove_at IF NOT EXISTS FOR (c:Comment) ON (c.remove_at);
MATCH (a:Account)-[:WROTE]->(c:Comment)-[:ON]->(p:Post)
WHERE c.by_post_author IS NULL AND (a)-[:WROTE]->(p)
CALL (c) {
  SET c.by_post_author = true
} IN TRANSACTIONS OF 10000 ROWS;
