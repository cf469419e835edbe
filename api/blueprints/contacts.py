"""Hashed address books and the Facebook link. Answers hold counts only, never matches."""

from __future__ import annotations

from flask_smorest import Blueprint

from api import schemas
from api.auth import require_viewer, viewer
from api.context import services
from secret_graph.contacts import services as contacts

blp = Blueprint("contacts", __name__, url_prefix="/v1/me", description="Address book and Facebook link")
blp.before_request(require_viewer)

_SECURITY = [{"bearerAuth": []}]


def _counts(result: contacts.UploadResult) -> dict:
    return {"accepted": result.accepted, "rejected": result.rejected, "friends": result.friends}


@blp.route("/contacts", methods=["PUT"])
@blp.arguments(schemas.ContactsUpload)
@blp.response(200, schemas.ContactsResult)
@blp.alt_response(413, description="More entries than one request may hold")
@blp.doc(security=_SECURITY)
def replace_contacts(body):
    """Replace your whole address book (digests, or raw numbers hashed and dropped at once)."""
    return _counts(contacts.replace(ctx=services(), account_id=viewer().id, **body))


@blp.route("/contacts", methods=["POST"])
@blp.arguments(schemas.ContactsUpload)
@blp.response(200, schemas.ContactsResult)
@blp.alt_response(413, description="More entries than one request may hold")
@blp.doc(security=_SECURITY)
def add_contacts(body):
    """Add entries to your address book."""
    return _counts(contacts.add(ctx=services(), account_id=viewer().id, **body))


@blp.route("/contacts", methods=["DELETE"])
@blp.response(200, schemas.ContactsResult)
@blp.doc(security=_SECURITY)
def clear_contacts():
    """Clear your address book."""
    return _counts(contacts.clear(ctx=services(), account_id=viewer().id))


@blp.route("/facebook", methods=["PUT"])
@blp.arguments(schemas.FacebookLink)
@blp.response(200, schemas.ContactsResult)
@blp.alt_response(409, description="That Facebook id is linked to another account")
@blp.doc(security=_SECURITY)
def link_facebook(body):
    """Link Facebook (as a digest) and replace your Facebook friend list."""
    return _counts(
        contacts.link_facebook(
            ctx=services(),
            account_id=viewer().id,
            facebook_id=body["facebook_id"],
            friend_digests=body["friend_digests"],
        )
    )


@blp.route("/facebook", methods=["DELETE"])
@blp.response(200, schemas.ContactsResult)
@blp.doc(security=_SECURITY)
def unlink_facebook():
    """Unlink Facebook and drop the friendships it brought."""
    return _counts(contacts.unlink_facebook(ctx=services(), account_id=viewer().id))
