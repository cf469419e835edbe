"""Outside services (SMS, Facebook, push, media storage), each behind a small interface with a
development and a null implementation."""
