"""Proving a Facebook identity. The outside service (the Graph API) sits behind this small interface.

A client never names a Facebook id: it sends a user access token, and a verifier asks Facebook
whose token it is and which of that person's friends use the app. Ids are reduced to client
digests (hex SHA-256, docs/contact-hashing.md) inside this module, so no raw id reaches the
services, the graph or a log.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from secret_graph.config import Settings
from secret_graph.crypto import client_digest
from secret_graph.errors import Forbidden, Unauthorized, Unavailable

log = logging.getLogger(__name__)

INVALID_TOKEN = "the Facebook access token is not valid for this app"
# Facebook caps friend lists at 5,000; more pages than this means something is wrong upstream.
MAX_PAGES = 100


@dataclass(frozen=True)
class FacebookProof:
    """A verified identity, as client digests only: the person's own id and their friends' ids."""

    digest: str
    friend_digests: frozenset[str]


class FacebookVerifier(Protocol):
    def verify(self, *, access_token: str, max_friends: int) -> FacebookProof:
        """Whose token this is and which friends use the app; Unauthorized for a token that proves nothing."""


def _proof(own_id: str, friend_ids: list[str], max_friends: int) -> FacebookProof:
    own = client_digest(own_id)
    friends = frozenset(client_digest(i) for i in friend_ids[:max_friends]) - {own}
    return FacebookProof(digest=own, friend_digests=friends)


class DevVerifier:
    """Development and tests: the token *is* the claim, ``dev:<fb_id>:<friend_id>,<friend_id>``
    (the friend part may be empty). It proves nothing, so production refuses this backend."""

    def verify(self, *, access_token: str, max_friends: int) -> FacebookProof:
        prefix, _, rest = access_token.partition(":")
        own_id, _, friends = rest.partition(":")
        if prefix != "dev" or not _plausible_id(own_id):
            raise Unauthorized(INVALID_TOKEN)
        friend_ids = [f for f in friends.split(",") if f]
        if not all(_plausible_id(f) for f in friend_ids):
            raise Unauthorized(INVALID_TOKEN)
        return _proof(own_id, friend_ids, max_friends)


class NullVerifier:
    """The feature is off: nothing can be linked (unlinking still works)."""

    def verify(self, *, access_token: str, max_friends: int) -> FacebookProof:
        raise Forbidden("Facebook linking is turned off on this server")


class GraphVerifier:
    """The Graph API: ``debug_token`` (with the app access token) says the token is valid and was
    issued to this app; ``/me`` names the user; ``/me/friends`` lists the friends who also use the
    app (app-scoped ids, paginated). A token that fails is a 401; Facebook out of reach is a 503."""

    def __init__(self, *, app_id: str, app_secret: str, graph_url: str, timeout_s: float = 5.0) -> None:
        self.app_id = app_id
        self._app_secret = app_secret
        self.graph_url = graph_url.rstrip("/")
        self.timeout_s = timeout_s

    def __repr__(self) -> str:  # never the secret
        return f"GraphVerifier(app_id={self.app_id!r}, graph_url={self.graph_url!r})"

    def verify(self, *, access_token: str, max_friends: int) -> FacebookProof:
        app_token = f"{self.app_id}|{self._app_secret}"
        debug = self._get("/debug_token", input_token=access_token, access_token=app_token)
        data = debug.get("data") if isinstance(debug.get("data"), dict) else {}
        if data.get("is_valid") is not True or str(data.get("app_id")) != self.app_id:
            raise Unauthorized(INVALID_TOKEN)
        user = {"access_token": access_token, "appsecret_proof": self._proof_of_secret(access_token)}
        own_id = self._get("/me", fields="id", **user).get("id")
        if not isinstance(own_id, (str, int)) or not _plausible_id(str(own_id)):
            raise Unavailable("Facebook gave an answer this server cannot read")
        friend_ids: list[str] = []
        page = self._get("/me/friends", fields="id", limit="500", **user)
        for _ in range(MAX_PAGES):
            for friend in page.get("data") or []:
                if isinstance(friend, dict) and _plausible_id(str(friend.get("id", ""))):
                    friend_ids.append(str(friend["id"]))
            next_url = (page.get("paging") or {}).get("next")
            if not next_url or len(friend_ids) >= max_friends:
                break
            page = self._fetch(self._same_origin(next_url))
        return _proof(str(own_id), friend_ids, max_friends)

    def _proof_of_secret(self, access_token: str) -> str:
        # appsecret_proof: Facebook refuses a stolen user token used without our app secret.
        return hmac.new(self._app_secret.encode(), access_token.encode(), hashlib.sha256).hexdigest()

    def _same_origin(self, url: str) -> str:
        """`paging.next` is followed only to the configured Graph host: never somewhere else."""
        ours, theirs = urllib.parse.urlsplit(self.graph_url), urllib.parse.urlsplit(url)
        if (theirs.scheme, theirs.netloc) != (ours.scheme, ours.netloc):
            raise Unavailable("Facebook gave an answer this server cannot read")
        return url

    def _get(self, path: str, **params: str) -> dict:
        return self._fetch(f"{self.graph_url}{path}?{urllib.parse.urlencode(params)}")

    def _fetch(self, url: str) -> dict:
        """One GET. Logs name the error kind and status only: URLs carry tokens."""
        try:
            with urllib.request.urlopen(url, timeout=self.timeout_s) as response:
                body = json.loads(response.read())
        except urllib.error.HTTPError as error:
            error.close()
            if 400 <= error.code < 500 and error.code != 429:  # 429: Facebook throttles us, not a bad token
                log.info("facebook graph refused a token: HTTP %s", error.code)
                raise Unauthorized(INVALID_TOKEN) from None
            log.warning("facebook graph failed: HTTP %s", error.code)
            raise Unavailable("Facebook is unavailable; try again later") from None
        # Unreachable, timed out, TLS, cut off, not JSON: Facebook is unavailable, not the token wrong.
        except (OSError, http.client.HTTPException, ValueError) as error:
            log.warning("facebook graph failed: %s", type(error).__name__)
            raise Unavailable("Facebook is unavailable; try again later") from None
        if not isinstance(body, dict):
            raise Unavailable("Facebook gave an answer this server cannot read")
        return body


def _plausible_id(value: str) -> bool:
    # App-scoped ids are decimal; the dev backend also takes names like `fb-user-1`.
    return 0 < len(value) <= 64 and all(c.isalnum() or c in "-_." for c in value)


def from_settings(settings: Settings) -> FacebookVerifier:
    """The verifier named by SECRET_GRAPH_FACEBOOK_BACKEND."""
    if settings.facebook_backend == "graph":
        return GraphVerifier(
            app_id=settings.facebook_app_id,
            app_secret=settings.facebook_app_secret,
            graph_url=settings.facebook_graph_url,
        )
    if settings.facebook_backend == "null":
        return NullVerifier()
    return DevVerifier()
