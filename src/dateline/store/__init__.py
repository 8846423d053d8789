"""dateline.store."""
