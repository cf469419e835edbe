"""Notifications, their preferences, and push devices."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.paging import link_header
from api.schemas import common as common_schemas
from api.schemas import notifications as schemas
from secret_graph.notifications import services as notifications

blp = Blueprint("notifications", __name__, url_prefix="/v1", description="Notifications and push devices")
blp.before_request(require_viewer)


@blp.route("/notifications")
@blp.arguments(common_schemas.PageArgs, location="query")
@blp.response(200, schemas.NotificationPage)
@blp.doc(security=SECURITY)
def list_notifications(args):
    """Your notifications, newest first, with unread counts. Each names only what you may see now."""
    items, next_cursor, unread = notifications.list_(ctx=services(), account_id=viewer().id, **args)
    return {"items": items, "next_cursor": next_cursor, "unread": unread}, link_header(next_cursor)


@blp.route("/notifications/read", methods=["POST"])
@blp.arguments(schemas.MarkRead)
@blp.response(200, schemas.Marked)
@blp.doc(security=SECURITY)
def mark_read(body):
    """Mark notifications read: `{"ids": [...]}`, `{"up_to": <a page's next_cursor>}` (everything listed before it) or `{"all": true}`."""
    marked = notifications.mark_read(
        ctx=services(),
        account_id=viewer().id,
        ids=body.get("ids"),
        up_to=body.get("up_to"),
        everything=bool(body.get("all")),
    )
    return {"marked": marked}


@blp.route("/me/notification-settings")
@blp.response(200, schemas.NotificationSettings)
@blp.doc(security=SECURITY)
def get_settings():
    """Which kinds of notification you get, and your quiet hours (UTC: no push then)."""
    return notifications.get_settings(ctx=services(), account_id=viewer().id)


@blp.route("/me/notification-settings", methods=["PUT"])
@blp.arguments(schemas.NotificationSettings)
@blp.response(200, schemas.NotificationSettings)
@blp.doc(security=SECURITY)
def put_settings(body):
    """Replace your preferences; kinds left out are on."""
    return notifications.put_settings(
        ctx=services(), account_id=viewer().id, kinds=body["kinds"], quiet_hours=body.get("quiet_hours")
    )


@blp.route("/me/devices")
@blp.response(200, schemas.DeviceList)
@blp.doc(security=SECURITY)
def list_devices():
    """Your registered devices (never their tokens)."""
    return {"items": notifications.list_devices(ctx=services(), account_id=viewer().id)}


@blp.route("/me/devices/<device_id>", methods=["PUT"])
@blp.arguments(schemas.DeviceRegistration)
@blp.response(200, schemas.Device)
@blp.doc(security=SECURITY)
def put_device(body, device_id):
    """Register a device for push (its token is stored encrypted); a push carries only a kind and an id."""
    return notifications.put_device(
        ctx=services(), account_id=viewer().id, device_id=device_id, platform=body["platform"], token=body["token"]
    )


@blp.route("/me/devices/<device_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, description="No such device of yours")
@blp.doc(security=SECURITY)
def delete_device(device_id):
    """Unregister a device."""
    notifications.delete_device(ctx=services(), account_id=viewer().id, device_id=device_id)
