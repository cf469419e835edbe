"""Anonymous chats between a post's reader and its author."""
