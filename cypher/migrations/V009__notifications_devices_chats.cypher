// V009: notifications (one node per recipient and subject, found by key), push devices, and anonymous chats.
CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT notification_key IF NOT EXISTS FOR (n:Notification) REQUIRE n.key IS UNIQUE;
CREATE INDEX notification_at IF NOT EXISTS FOR (n:Notification) ON (n.at);
CREATE CONSTRAINT device_key IF NOT EXISTS FOR (d:Device) REQUIRE d.key IS UNIQUE;
CREATE CONSTRAINT chat_id IF NOT EXISTS FOR (c:Chat) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT chat_key IF NOT EXISTS FOR (c:Chat) REQUIRE c.key IS UNIQUE;
CREATE CONSTRAINT chat_message_id IF NOT EXISTS FOR (m:ChatMessage) REQUIRE m.id IS UNIQUE;
