"""dateline: news articles in, evidence-backed political and conflict events out."""

__version__ = "0.1.0"
