"""dateline.resolve: the same happening across sources.

``kind`` (report / opinion / analysis), ``reuse`` (passages shared between
articles), ``passages`` (whose claim an event is), ``matching`` (is a pair of
mentions one happening), ``coreference`` (which mentions of one article tell
one happening), ``stories`` (incremental grouping into stories) and
``dating`` (publication windows for undated articles). Imports nothing of
dateline but :mod:`dateline.model`. See docs/resolution.md.
"""
