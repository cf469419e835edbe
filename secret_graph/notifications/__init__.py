"""Notifications, preferences and push devices."""
