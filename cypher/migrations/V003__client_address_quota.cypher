// V003: count sign-in codes per (keyed hash of the) client address.
CREATE INDEX challenge_address IF NOT EXISTS FOR (c:SignInChallenge) ON (c.address_key, c.created_at);
