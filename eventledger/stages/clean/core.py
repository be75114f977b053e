"""The clean stage: a Document's body becomes its frozen clean text, boilerplate and embeds set aside."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventledger.errors import EmptyInputError, LanguageError
from eventledger.model import Document, Embed, Removed
from eventledger.settings import Settings

from .boilerplate import boilerplate_reason
from .embeds import find_embeds
from .language import detect_english
from .normalize import normalized_lines


@dataclass(slots=True)
class CleanResult:
    """What cleaning a body gives: the clean text and what was taken out of it."""

    text: str
    removed: list[Removed] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)


def clean_text(body: str) -> CleanResult:
    """Clean ``body``: normalise it, lift embedded posts out, drop boilerplate lines.

    The clean text is the kept lines in order, joined with ``\\n``; a run of blank lines becomes
    one, and none lead or trail. Every kept or removed line is a whole line of the normalised body.
    """
    lines = normalized_lines(body)
    reasons = [boilerplate_reason(line) for line in lines]
    found = find_embeds(lines, skip=lambda i: reasons[i] is not None)
    drop = {i for item in found for i in item.lines}
    removed = [Removed(line, reason) for i, (line, reason) in enumerate(zip(lines, reasons, strict=True))
               if reason is not None and i not in drop]
    drop.update(i for i, reason in enumerate(reasons) if reason is not None)
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        if not line and (not kept or not kept[-1]):
            continue  # no leading blank line, no two blank lines in a row
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return CleanResult("\n".join(kept), removed, [item.embed for item in found])


def _check_language(doc: Document, text: str, languages: list[str], source: str) -> str | None:
    """The document's language, or LanguageError when it is not one the settings accept."""
    accepted = [lang.lower() for lang in languages]
    declared = doc.language.lower() if doc.language else None
    if declared is not None and declared not in accepted:
        raise LanguageError(f"{source}: the input declares language {declared!r}, not one of "
                            f"clean.languages ({', '.join(accepted)})", source=source)
    if declared is not None and declared != "en":
        return declared  # a language this check cannot verify, accepted as declared
    guess = detect_english(text)
    if guess.language == "en" and "en" in accepted:
        return "en"
    if guess.language == "en":
        raise LanguageError(f"{source}: the text is English, which is not in clean.languages "
                            f"({', '.join(accepted)})", source=source)
    if declared is None and any(lang != "en" for lang in accepted):
        # Not English, but other languages are accepted and this check cannot name them.
        doc.warnings.append(f"{source}: language not detected ({guess.describe()})")
        return None
    said = "declared English but does not read as English" if declared == "en" else "not English"
    raise LanguageError(f"{source}: {said} ({guess.describe()}); only {', '.join(accepted)} articles "
                        f"are processed (setting clean.languages)", source=source)


def clean_document(doc: Document, settings: Settings) -> Document:
    """Clean ``doc`` in place: freeze its clean text and fill ``removed``, ``embeds`` and ``language``.

    Raises:
        EmptyInputError: less than ``clean.min_chars`` characters of article text are left.
        LanguageError: the text is not in ``clean.languages`` (or the input declared another).
    """
    source = doc.source_id or doc.doc_id
    result = clean_text(doc.body)
    doc.removed.extend(result.removed)
    doc.embeds.extend(result.embeds)
    min_chars = int(settings["clean"]["min_chars"])
    if len(result.text) < min_chars:
        lifted = f"{len(result.removed)} boilerplate lines and {len(result.embeds)} embedded posts removed"
        raise EmptyInputError(f"{source}: only {len(result.text)} characters of article text left after "
                              f"cleaning ({lifted}); clean.min_chars is {min_chars}", source=source)
    doc.language = _check_language(doc, result.text, list(settings["clean"]["languages"]), source)
    doc.freeze_text(result.text)
    return doc
