"""dateline.evaluate."""
