"""The web-form bridge: volunteers' proposals become reviewable git branches."""

from .app import create_app

__all__ = ["create_app"]
