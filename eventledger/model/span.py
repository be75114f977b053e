"""Span: a pointer into a Document's frozen clean text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``text[start:end]`` of the clean text (Python slicing), with that text kept.

    Keeping the text beside the offsets lets every consumer check the pointer cheaply
    (``doc.text[s.start:s.end] == s.text``), which the property tests do.
    """

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"span offsets out of order: {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text length {len(self.text)} != {self.end - self.start}")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]`` of a clean text."""
        return cls(start, end, text[start:end])

    def to_list(self) -> list[int]:
        """The contract's ``[start, end]`` form."""
        return [self.start, self.end]

    def shifted(self, offset: int) -> Span:
        """The same span moved by ``offset`` characters (paragraph -> document offsets)."""
        return Span(self.start + offset, self.end + offset, self.text)

    def covers(self, other: Span) -> bool:
        """True when ``other`` lies inside this span."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end
