"""The build: from the model to output files (portal state, incremental output,
digests, images, search index, precompression), under Pelican."""
