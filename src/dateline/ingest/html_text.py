"""Plain text from an HTML fragment, such as a feed entry's summary or content.

Feed entries carry short HTML snippets, not pages: trafilatura's boilerplate
removal has nothing to remove there and can discard a one-paragraph summary.
A small parser that keeps every text node and turns block elements into
paragraph breaks is both faster and lossless for this job.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "tr", "table", "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr"}
)  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_BREAKS = re.compile(r"\s*\n\s*(?:\n\s*)+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, entities decoded.

    >>> html_fragment_to_text("<p>Troops <b>clashed</b> near Monguno.</p><p>Seven died.</p>")
    'Troops clashed near Monguno.\\n\\nSeven died.'
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    joined = "".join(collector.parts)
    paragraphs = (" ".join(block.split()) for block in _BREAKS.split(joined))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
