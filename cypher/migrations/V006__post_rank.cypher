// V006: the stored `popular` rank (issue 15). `popular` walks this index as `recent` walks
// created_at. The rank is log10(max(hearts + 2*comments, 1)) + created_at / 45,000,000 (ms), kept
// by `posts.rerank` in the transaction of every write that changes it; docs/visibility.md
// ("Popular") explains the formula. The backfill repeats `posts.rerank`'s formula, as it was then.
CREATE INDEX post_rank IF NOT EXISTS FOR (p:Post) ON (p.rank);
MATCH (p:Post) WHERE p.rank IS NULL
CALL (p) {
  WITH p, COUNT { (p)<-[:HEARTED]-(:Account) } + 2 * COUNT { (p)<-[:ON]-(:Comment) } AS engagement
  SET p.rank = log10(CASE WHEN engagement > 1 THEN engagement ELSE 1 END) + p.created_at / 45000000.0
} IN TRANSACTIONS OF 10000 ROWS;
