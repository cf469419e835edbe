// V008: Whisper's half. Uploaded images (attached once to a post), the perceptual-hash blocklist
// of removed posts' images, posts to the world (explore walks them newest first), and tags:
// hashtags and extracted keywords as nodes, so tag pages and trending start from an index.
CREATE CONSTRAINT image_id IF NOT EXISTS FOR (i:Image) REQUIRE i.id IS UNIQUE;
CREATE INDEX image_created_at IF NOT EXISTS FOR (i:Image) ON (i.created_at);
CREATE CONSTRAINT image_key IF NOT EXISTS FOR (i:Image) REQUIRE i.key IS UNIQUE;
CREATE CONSTRAINT blocked_image_phash IF NOT EXISTS FOR (b:BlockedImage) REQUIRE b.phash IS UNIQUE;
CREATE INDEX post_audience_created_at IF NOT EXISTS FOR (p:Post) ON (p.audience, p.created_at);
CREATE CONSTRAINT tag_name IF NOT EXISTS FOR (t:Tag) REQUIRE t.name IS UNIQUE;
CREATE INDEX tagged_at IF NOT EXISTS FOR ()-[r:TAGGED]-() ON (r.at);
