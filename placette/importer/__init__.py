"""The importer: what associations already publish elsewhere (a calendar, a
news feed, a page with h-event microformats) becomes proposals in the review
queue, never pages on the site without a review (except from a source the
referent marked as trusted).

fetch.py (polite HTTP) -> parse_ics.py / parse_feed.py / parse_hevent.py (to
`items.Item`) -> convert.py (to our files, sanitised as the bridge's forms)
-> identity.py (the same item again, hand-entered duplicates) -> proposals.py
(branches, as a volunteer's) -> report.py (per source, in var/).
run.py ties them, one source at a time: a hostile source stops only itself.
"""
