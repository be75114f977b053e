"""HTML pages: the main text and metadata with trafilatura, from a tree we parse ourselves.

We parse with lxml and hand trafilatura the tree, never a string or URL: nothing here can fetch
anything over the network (trafilatura and htmldate only download when given a URL string).
"""

from __future__ import annotations

import logging
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from eventledger.errors import EmptyInputError, MalformedInputError
from eventledger.model import Document

from .text import build_document

LOGGER = logging.getLogger(__name__)

# htmldate's "extensive search" reads dates out of the page's running text, which is a guess;
# the published date must come from the page's metadata (meta tags, JSON-LD, <time>) or nowhere.
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
# Nesting beyond this is where trafilatura gives up; past it an empty result is explained as such.
_MAX_DEPTH = 256
_BREAK = "\x00"  # stands for a block boundary while text is gathered (never occurs in parsed text)
# Elements whose text is never article text, and elements that end a line of text.
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "title"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                    "pre", "table", "tr", "section", "article", "header", "footer", "aside", "figure",
                    "figcaption", "hr", "dd", "dt", "dl", "address", "main", "nav", "form", "body"})


def tree_depth(tree: lxml.etree._Element) -> int:
    """How deeply elements nest in ``tree`` (iteratively: a deep tree must not overflow the stack)."""
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse_tree(html: str, where: str) -> lxml.html.HtmlElement:
    """An lxml tree of ``html``; huge_tree so that deep nesting is parsed rather than cut off."""
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True,
                                  remove_pis=True)
    try:
        # Bytes with an explicit encoding: lxml refuses str input that carries an XML declaration.
        tree = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise EmptyInputError(f"{where}: HTML with nothing in it to read ({exc})", source=where) from exc
    except lxml.etree.LxmlError as exc:
        raise MalformedInputError(f"{where}: HTML that cannot be parsed ({exc})", source=where) from exc
    return tree


def extract_html(html: str, *, where: str, favor_precision: bool = False) -> dict[str, str | None]:
    """The article text and metadata of an HTML page: keys text, title, url, outlet, published, language.

    Raises:
        EmptyInputError: the page has no article text trafilatura can find.
        MalformedInputError: the page cannot be parsed at all.
    """
    tree = _parse_tree(html, where)
    language = tree.get("lang") or None
    try:
        result = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_images=False,
            include_tables=True, include_links=False, favor_precision=favor_precision,
            date_extraction_params=dict(_DATE_PARAMS))
    except RecursionError as exc:
        raise MalformedInputError(f"{where}: HTML nested too deeply to extract", source=where) from exc
    except Exception as exc:  # a third-party bug on one page must not stop the batch
        LOGGER.debug("trafilatura failed on %s", where, exc_info=True)
        raise MalformedInputError(f"{where}: HTML text extraction failed ({type(exc).__name__}: {exc})",
                                  source=where) from exc
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        depth = tree_depth(tree)
        if depth > _MAX_DEPTH:
            raise MalformedInputError(f"{where}: HTML nested {depth} elements deep (more than {_MAX_DEPTH}); "
                                      f"no article text could be extracted from it", source=where)
        raise EmptyInputError(f"{where}: HTML page with no article text (nothing but markup, "
                              f"navigation or scripts)", source=where)
    return {"text": text, "title": result.title, "url": result.url, "outlet": result.sitename,
            "published": result.date, "language": language}


def document_from_html(html: str, *, source_id: str | None, where: str,
                       meta: dict[str, str | None] | None = None, favor_precision: bool = False) -> Document:
    """A Document for an HTML page; non-None values in ``meta`` override the page's own metadata."""
    found = extract_html(html, where=where, favor_precision=favor_precision)
    for key, value in (meta or {}).items():
        if value is not None:
            found[key] = value
    return build_document(html, found["text"] or "", source_id=source_id, url=found["url"],
                          outlet=found["outlet"], title=found["title"], published=found["published"],
                          language=found["language"], input_format="html")


def fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content): one line per block element.

    A small converter rather than trafilatura, whose boilerplate heuristics are tuned for whole
    pages and drop short fragments. Whitespace runs inside a block collapse to one space, as a
    browser shows them.
    """
    if "<" not in fragment and "&" not in fragment:
        return fragment
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.fragment_fromstring(fragment.encode("utf-8", "surrogatepass"),
                                             create_parent="div", parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return ""
    pieces: list[str] = []
    skipping = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP:
                skipping += 1
            elif not skipping:
                if tag in _BLOCK:
                    pieces.append(_BREAK)
                pieces.append(element.text or "")
        else:
            if tag in _SKIP:
                skipping -= 1
            elif not skipping and tag in _BLOCK:
                pieces.append(_BREAK)
            if not skipping and element is not root:
                pieces.append(element.tail or "")
    # Newlines in the source are plain whitespace in HTML; only block elements break lines.
    lines = (" ".join(line.split()) for line in "".join(pieces).split(_BREAK))
    return "\n".join(line for line in lines if line)
