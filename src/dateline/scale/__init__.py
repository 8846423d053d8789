"""dateline.scale."""
