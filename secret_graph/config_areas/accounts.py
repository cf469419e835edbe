"""Signing in (SMS codes, Facebook, sessions) and address books (contacts and their quotas)."""

from __future__ import annotations

from dataclasses import dataclass

from secret_graph.config_areas import setting
from secret_graph.config_parsing import one_of, positive_number, upper, whole_number, without_trailing_slash


@dataclass(frozen=True)
class AccountSettings:
    sms_backend: str = setting(
        "SECRET_GRAPH_SMS_BACKEND",
        "dev",
        "`dev` (code returned in the API answer, refused in production), `webhook`, or `null`.",
        one_of("dev", "webhook", "null"),
    )
    sms_webhook_url: str = setting(
        "SECRET_GRAPH_SMS_WEBHOOK_URL", "", "URL the `webhook` SMS backend POSTs `{phone, code}` to."
    )
    facebook_backend: str = setting(
        "SECRET_GRAPH_FACEBOOK_BACKEND",
        "dev",
        "How `PUT /v1/me/facebook` proves a Facebook identity: `dev` (the token `dev:<id>:<friend>,<friend>` is "
        "believed, refused in production), `graph` (the Graph API checks a real user access token), or `null` "
        "(linking turned off).",
        one_of("dev", "graph", "null"),
    )
    facebook_app_id: str = setting(
        "SECRET_GRAPH_FACEBOOK_APP_ID", "", "The Facebook app id the `graph` backend checks tokens against."
    )
    facebook_app_secret: str = setting(
        "SECRET_GRAPH_FACEBOOK_APP_SECRET",
        "",
        "The Facebook app secret (for the app access token and `appsecret_proof`).",
        secret=True,
    )
    facebook_graph_url: str = setting(
        "SECRET_GRAPH_FACEBOOK_GRAPH_URL",
        "https://graph.facebook.com/v19.0",
        "Base URL of the Graph API, with its version.",
        without_trailing_slash,
    )
    default_region: str = setting(
        "SECRET_GRAPH_DEFAULT_REGION",
        "",
        "Region used to parse phone numbers given without `+` and without a region.",
        upper,
    )
    max_contacts: int = setting(
        "SECRET_GRAPH_MAX_CONTACTS",
        "5000",
        "Most contacts one request may carry and one account may hold.",
        whole_number,
    )
    codes_per_phone_per_hour: int = setting(
        "SECRET_GRAPH_CODES_PER_PHONE_PER_HOUR", "5", "Sign-in codes one phone may request per hour.", whole_number
    )
    codes_per_address_per_hour: int = setting(
        "SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR",
        "20",
        "Sign-in codes one client address may request per hour.",
        whole_number,
    )
    session_ttl_s: int = setting(
        "SECRET_GRAPH_SESSION_TTL_S",
        "2592000",
        "Seconds a session token works after sign-in or refresh; its refresh token works as long again after that.",
        positive_number,
    )
    contact_resets_per_day: int = setting(
        "SECRET_GRAPH_CONTACT_RESETS_PER_DAY",
        "3",
        "Address-book replaces or clears allowed per account per 24 hours (after the first upload).",
        whole_number,
    )
    new_contacts_per_day: int = setting(
        "SECRET_GRAPH_NEW_CONTACTS_PER_DAY",
        "1000",
        "New address-book entries allowed per account per 24 hours after the first upload.",
        whole_number,
    )
