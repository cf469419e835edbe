// name: collection_activity
// description: Subscribers, posts and hearts per collection.
// columns: collection, subscribers (count), posts (count), hearts (count)
// chart: bar x=collection y=posts
MATCH (c:Collection)
RETURN c.slug AS collection,
       COUNT { (c)<-[:SUBSCRIBED]-(:Account) } AS subscribers,
       COUNT { (c)<-[:IN]-(:Post) } AS posts,
       COUNT { (c)<-[:IN]-(:Post)<-[:HEARTED]-(:Account) } AS hearts
ORDER BY posts DESC, collection;
