"""Command-line tools: `make check`, `make new-association`, `make gazette`,
the local site server."""
