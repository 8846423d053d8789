"""MkDocs hooks that adapt the repository's markup to the site.

* A link from a docs page to a repository file outside docs/ becomes that
  file's path. The site is built from docs/ alone, but pages cite files
  elsewhere in the repository (``../benchmarks/results/resolve.md``); as links
  those would lead nowhere on the site. A target that exists is shown as its
  repository path instead; a target that does not exist is left alone, so
  ``mkdocs build --strict`` still fails on it, as on any broken link.
* Docstrings cross-reference with Sphinx roles (``:class:`Article```), which
  the API reference would print literally; the role prefix is dropped and the
  name stays as code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s#]+)(#[^)\s]*)?\)")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:  # noqa: ARG001 - MkDocs' hook API
    docs = Path(config["docs_dir"]).resolve()
    root = docs.parent
    here = (docs / page.file.src_path).parent

    def to_path(match: re.Match[str]) -> str:
        text, target = match.group(1), match.group(2)
        if ":" in target or target.startswith("/"):
            return match.group(0)
        path = (here / target).resolve()
        if path.is_relative_to(docs) or not path.is_relative_to(root) or not path.exists():
            return match.group(0)
        where = path.relative_to(root).as_posix()
        return text if text.strip("`") == where else f"{text} (`{where}` in the repository)"

    return _LINK.sub(to_path, markdown)


_ROLE = re.compile(r":(?:meth|class|func|mod|data|attr|exc|obj):(?=<code>)")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:  # noqa: ARG001 - MkDocs' hook API
    return _ROLE.sub("", html)
