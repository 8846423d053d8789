"""dateline.extract."""
