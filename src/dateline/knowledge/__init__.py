"""dateline.knowledge."""
