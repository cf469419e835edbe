"""Hashed address books and the Facebook link. Answers hold counts only, never matches."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.schemas import contacts as contacts_schemas
from secret_graph.contacts import services as contacts

blp = Blueprint("contacts", __name__, url_prefix="/v1/me", description="Address book and Facebook link")
blp.before_request(require_viewer)


def _counts(result: contacts.UploadResult) -> dict:
    return {"accepted": result.accepted, "rejected": result.rejected, "friends": result.friends}


@blp.route("/contacts", methods=["PUT"])
@blp.arguments(contacts_schemas.ContactsUpload)
@blp.response(200, contacts_schemas.ContactsResult)
@blp.alt_response(413, description="More entries than one request may hold")
@blp.doc(security=SECURITY)
def replace_contacts(body):
    """Replace your whole address book (digests, or raw numbers hashed and dropped at once)."""
    return _counts(contacts.replace(ctx=services(), account_id=viewer().id, **body))


@blp.route("/contacts", methods=["POST"])
@blp.arguments(contacts_schemas.ContactsUpload)
@blp.response(200, contacts_schemas.ContactsResult)
@blp.alt_response(413, description="More entries than one request may hold")
@blp.doc(security=SECURITY)
def add_contacts(body):
    """Add entries to your address book."""
    return _counts(contacts.add(ctx=services(), account_id=viewer().id, **body))


@blp.route("/contacts", methods=["DELETE"])
@blp.response(200, contacts_schemas.ContactsResult)
@blp.doc(security=SECURITY)
def clear_contacts():
    """Clear your address book."""
    return _counts(contacts.clear(ctx=services(), account_id=viewer().id))


@blp.route("/facebook", methods=["PUT"])
@blp.arguments(contacts_schemas.FacebookLink)
@blp.response(200, contacts_schemas.ContactsResult)
@blp.alt_response(401, description="The access token is not valid for this app")
@blp.alt_response(403, description="Facebook linking is turned off on this server")
@blp.alt_response(503, description="Facebook cannot be reached; try again later")
@blp.doc(security=SECURITY)
def link_facebook(body):
    """Link the Facebook account a user access token proves; Facebook gives the friend list.

    If another account held that Facebook account, the link (and its friend list) moves here."""
    return _counts(contacts.link_facebook(ctx=services(), account_id=viewer().id, access_token=body["access_token"]))


@blp.route("/facebook", methods=["DELETE"])
@blp.response(200, contacts_schemas.ContactsResult)
@blp.doc(security=SECURITY)
def unlink_facebook():
    """Unlink Facebook and drop the friendships it brought."""
    return _counts(contacts.unlink_facebook(ctx=services(), account_id=viewer().id))
