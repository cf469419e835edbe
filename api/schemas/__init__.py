"""Marshmallow schemas, one module per area of the API."""
