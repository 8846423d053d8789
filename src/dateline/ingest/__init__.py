"""dateline.ingest."""
