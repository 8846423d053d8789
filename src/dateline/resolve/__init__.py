"""dateline.resolve."""
