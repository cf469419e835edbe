"""Identity: phone normalisation and hashing, sign-in codes, sessions, accounts."""
