"""The HTTP layer: Flask app factory, blueprints and marshmallow schemas. Views stay thin."""

from api.app import create_app

__all__ = ["create_app"]
