"""Cursor pages: the body carries next_cursor, and a Link header points at the next page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request


def link_header(next_cursor: str | None) -> dict[str, str]:
    if not next_cursor:
        return {}
    args = {key: value for key, value in request.args.items() if key != "cursor"}
    args["cursor"] = next_cursor
    return {"Link": f'<{request.base_url}?{urlencode(args)}>; rel="next"'}
