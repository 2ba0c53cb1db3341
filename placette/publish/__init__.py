"""Publishing: rebuilding the site from the repository, switching it online,
the forge, the moderation log. Used by `make rebuild` and by the bridge."""
