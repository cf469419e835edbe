// V013: the keyed audience an unlinked post keeps (cypher/queries/visibility.cypher, `keep_audience`).
CREATE CONSTRAINT audience_key IF NOT EXISTS FOR (a:Audience) REQUIRE a.key IS UNIQUE;
CREATE INDEX post_remove_at IF NOT EXISTS FOR (p:Post) ON (p.remove_at);
