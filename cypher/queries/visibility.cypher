// THE visibility rules: every endpoint that shows, hearts, comments on or flags a post asks these.
// Candidate queries elsewhere only propose post ids; only `posts` decides what a viewer may see.

// name: circle
// A viewer's circle is open when enough friends count: accounts at least $min_age_ms old with at
// least $min_outside friends outside the viewer's circle. A ring of fresh or self-contained fake
// accounts therefore does not open it. This statement fetches the neighbourhood the rule needs:
// each friend old (and trusted) enough with at least $min_outside outside friends, and up to $cap
// of those outside friends; secret_graph/visibility.py decides (SECRET_GRAPH_CIRCLE_RULE: `shared`
// counts these friends, `matching` requires $min_outside outside friends of each one's own).
// Every feed page asks this, so it stops early: $cap outside friends per friend ($min_outside for
// `shared`, $min_friends * $min_outside for `matching`: a friend with that many is never short),
// and $max_rows friends ($min_friends for `shared`).
// With $min_trust > 0 a friend also needs that trust score (secret_graph/trust.py): fakes whose
// only real friendships are a few attack edges score low, however many outside friends they fake.
// The digest (`circle_inputs`, word for word) is read before the neighbourhood and again after it:
// secret_graph/visibility.py remembers an open circle only when the two readings agree, so a change
// committed while the rule ran is never paired with its answer (secret_graph/open_circles.py). A
// viewer the process remembers nothing of asks only this (twice when `matching`'s first try falls
// short); one found open before asks `circle_inputs` first.
MATCH (v:Account {id: $viewer_id})
CALL (v) {
  OPTIONAL MATCH (v)-[:FRIEND]-(f:Account)
  RETURN coalesce(v.ties, 0) AS own, sum(coalesce(f.ties, 0)) AS friends
}
WITH v, own AS own_before, friends AS friends_before
OPTIONAL MATCH (v)-[:FRIEND]-(f:Account)
WITH v, own_before, friends_before, collect(f) AS friends
CALL (v, friends) {
  UNWIND friends AS f
  WITH f
  WHERE f.created_at <= $now - $min_age_ms
    AND coalesce(f.trust, 0.0) >= $min_trust
  WITH f, COLLECT { MATCH (f)-[:FRIEND]-(x:Account) WHERE x <> v AND NOT x IN friends
                    RETURN x.id LIMIT $cap } AS outside
  WHERE size(outside) >= $min_outside
  WITH outside LIMIT $max_rows
  RETURN collect(outside) AS outside_friends
}
WITH v, own_before, friends_before, outside_friends
CALL (v, outside_friends) {
  OPTIONAL MATCH (v)-[:FRIEND]-(f:Account)
  RETURN coalesce(v.ties, 0) AS own, sum(coalesce(f.ties, 0)) AS friends
}
RETURN own_before, friends_before, outside_friends, own AS own_after, friends AS friends_after

// name: circle_inputs
// A digest of what `circle` reads, asked first so that an open circle found before need not be
// looked for again (secret_graph/open_circles.py). `ties` grows with every change of an account's
// friendships and trust score (`contacts.recompute_friends`, `identity.delete_account_node`, the trust
// statements): the viewer's own count moves whenever its friend set does, and while it stands still
// the friends' sum only grows, so any change `circle` could see gives a different pair. Each change
// adds a random amount, so a pair does not come back after a restore or a wipe either.
MATCH (v:Account {id: $viewer_id})
OPTIONAL MATCH (v)-[:FRIEND]-(f:Account)
RETURN coalesce(v.ties, 0) AS own, sum(coalesce(f.ties, 0)) AS friends

// name: posts
// For each id in $post_ids the first label that applies to the viewer; invisible posts give no row.
// A campaign (a collection with a sponsor) is always labelled so: it can never pose as a friend's post.
// A post to the world reaches anyone signed in, labelled `world` when no closer label applies.
// $include_pending (flags only) treats a post hidden pending review as if it were still visible.
// A friendship reveals only what was posted (or hearted) after it formed: every FRIEND edge on the
// path must be older than the post (or than the heart). The viewer's friends are collected once
// (`mine`): a friend of a friend is then found from the author's side, each mutual friend tested
// against that list before its friendship with the viewer is read: 2.4 to 2.7x fewer db hits per
// page than meeting both sides halfway per post (docs/performance.md, session 27); the same rows.
MATCH (v:Account {id: $viewer_id})
WITH v, COLLECT { MATCH (v)-[:FRIEND]-(m) RETURN m } AS mine
UNWIND $post_ids AS post_id
MATCH (p:Post {id: post_id})
WHERE p.status <> 'removed'
OPTIONAL MATCH (author:Account)-[:WROTE]->(p)
OPTIONAL MATCH (p)-[:IN]->(c:Collection)
WITH v, mine, p, author, c, author IS NOT NULL AND author = v AS own
WITH v, p, c, own,
  CASE
    WHEN own THEN 'own'
    WHEN NOT (p.status = 'visible' OR ($include_pending AND p.status = 'pending')) OR p.visible_at > $now THEN null
    WHEN p.remove_at <= $now THEN null  // a deleted account's post, each at its own time
    // A block hides what the blocked author wrote after it, never before (docs/threat-model.md).
    WHEN author IS NOT NULL AND EXISTS { (v)-[b:BLOCKS]->(author) WHERE b.created_at <= p.created_at } THEN null
    // An unlinked post has no author to match a block against: the record kept at unlink says so.
    WHEN author IS NULL AND EXISTS { (:Audience {key: $viewer_key})-[:SAW {label: 'blocked'}]->(p) } THEN null
    WHEN c.sponsor IS NOT NULL THEN 'campaign'
    WHEN $circle_open AND author IS NOT NULL
         AND EXISTS { (v)-[fr:FRIEND]-(author) WHERE fr.since <= p.created_at } THEN 'friend'
    WHEN $circle_open AND author IS NOT NULL
         AND EXISTS { MATCH (author)-[f2:FRIEND]-(m) WHERE m IN mine AND f2.since <= p.created_at
                      AND EXISTS { (v)-[f1:FRIEND]-(m) WHERE f1.since <= p.created_at } } THEN 'friend_of_friend'
    // An unlinked post keeps, for the same viewers, the label it had at unlink (`audience` below):
    // its friend-labelled posts must not vanish together and so show they shared one author.
    WHEN $circle_open AND author IS NULL
         AND EXISTS { (:Audience {key: $viewer_key})-[:SAW {label: 'friend'}]->(p) } THEN 'friend'
    WHEN $circle_open AND author IS NULL
         AND EXISTS { (:Audience {key: $viewer_key})-[:SAW {label: 'friend_of_friend'}]->(p) } THEN 'friend_of_friend'
    // From the post's hearts, each tested against the viewer's friends (`mine`) before the friendship
    // is read: on `popular` pages (well-hearted posts) 2.2x fewer db hits than from the viewer's side.
    WHEN $circle_open
         AND EXISTS { MATCH (f)-[h:HEARTED]->(p) WHERE f IN mine
                      AND EXISTS { (v)-[fr:FRIEND]-(f) WHERE fr.since <= h.at } } THEN 'hearted_by_friend'
    WHEN c IS NOT NULL THEN 'collection'
    WHEN p.geohash IS NOT NULL THEN 'nearby'
    WHEN p.audience = 'world' THEN 'world'
  END AS label
WHERE label IS NOT NULL
RETURN p.id AS id, label, own AS is_own, p.text AS text, p.background_color AS background_color,
       p.background_image AS background_image, p.tags AS tags, c.slug AS collection, p.geohash AS geohash,
       p.created_at AS created_at,
       COUNT { (p)<-[:HEARTED]-() } AS hearts,  // only accounts heart: the stored degree, not a walk
       COUNT { (p)<-[:ON]-(k:Comment) WHERE coalesce(k.status, 'visible') = 'visible' } AS comments,
       EXISTS { (v)-[:HEARTED]->(p) } AS hearted,
       c IS NOT NULL AND EXISTS { (v)-[:SUBSCRIBED]->(c) } AS subscribed,
       p.status AS status,
       // Personal controls: a hidden post (or one with a muted word) leaves the viewer's listings only.
       EXISTS { (v)-[:HID]->(p) } AS hidden, coalesce(v.muted_words, []) AS muted_words,
       coalesce(p.audience, 'circle') AS audience, p.keywords AS keywords, c.sponsor AS sponsor,
       head(COLLECT { MATCH (p)-[:SHOWS]->(i:Image) RETURN i {.key, .width, .height, .blurhash} }) AS image

// name: audience
// Who sees each post of $account_id as `friend` or `friend_of_friend` (the rules of `posts`, circle
// aside: it is asked at view time), and who blocked the account before the post (`blocked`: they
// must not see it), for the record unlink keeps. Ids leave only to be keyed.
MATCH (a:Account {id: $account_id})-[:WROTE]->(p:Post)
WITH a, p, COLLECT { MATCH (a)-[fr:FRIEND]-(f:Account) WHERE fr.since <= p.created_at RETURN DISTINCT f.id } AS friends
RETURN p.id AS id, friends,
       COLLECT { MATCH (a)-[f2:FRIEND]-(:Account)-[f1:FRIEND]-(x:Account)
                 WHERE x <> a AND NOT x.id IN friends AND f1.since <= p.created_at AND f2.since <= p.created_at
                 RETURN DISTINCT x.id } AS friends_of_friends,
       COLLECT { MATCH (x:Account)-[b:BLOCKS]->(a) WHERE b.created_at <= p.created_at RETURN x.id } AS blocked

// name: comment_blockers
// Before $account_id lets go of the comments $comment_ids: who had blocked it before each was
// written, for the keyed record (`keep_audience`). Ids leave only to be keyed.
UNWIND $comment_ids AS comment_id
MATCH (a:Account {id: $account_id})-[:WROTE]->(c:Comment {id: comment_id})
RETURN c.id AS id, COLLECT { MATCH (x:Account)-[b:BLOCKS]->(a) WHERE b.created_at <= c.created_at RETURN x.id } AS blocked

// name: keep_audience
// The keyed record of an unlinked post's audience: (:Audience {key})-[:SAW {label}]->(:Post), where
// key is a keyed hash of a viewer's id. It leads to no account without the pepper.
UNWIND $rows AS row
CALL (row) {
  MATCH (p:Post {id: row.id}) RETURN p AS x
  UNION
  MATCH (c:Comment {id: row.id}) RETURN c AS x
}
UNWIND row.seen AS seen
MERGE (a:Audience {key: seen.key})
MERGE (a)-[s:SAW]->(x)
SET s.label = seen.label

// name: comments
// Which of $comment_ids (under a post the viewer may see) the viewer may read: their own whatever
// its status; others' only when published, not hidden by the viewer, and not written after the
// viewer blocked their author. A comment its writer let go of (unlink, deletion) has no writer to
// match a block against: the keyed record kept then says so ($viewer_key, as for posts).
// $include_pending (flags only) treats a comment hidden pending review as if it were still published.
MATCH (v:Account {id: $viewer_id})
UNWIND $comment_ids AS comment_id
MATCH (c:Comment {id: comment_id})
OPTIONAL MATCH (writer:Account)-[:WROTE]->(c)
WITH v, c, writer, writer IS NOT NULL AND writer = v AS own, coalesce(c.status, 'visible') AS status
WHERE own
   OR ((status = 'visible' OR ($include_pending AND status = 'pending'))
       AND NOT EXISTS { (v)-[:HID]->(c) }
       AND NOT (writer IS NOT NULL AND EXISTS { (v)-[b:BLOCKS]->(writer) WHERE b.created_at <= c.created_at })
       AND NOT (writer IS NULL AND EXISTS { (:Audience {key: $viewer_key})-[:SAW {label: 'blocked'}]->(c) }))
RETURN c.id AS id, own AS is_own, c.text AS text, status, coalesce(v.muted_words, []) AS muted_words
