"""The model: what an association folder holds (cards, news, events, documents),
read and validated once, for the build, `make check` and the bridge alike."""
