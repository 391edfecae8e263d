"""The organisation mention: one stretch of text naming a body, as the phases pass it on."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OrgMention"]


@dataclass(frozen=True, slots=True)
class OrgMention:
    """One mention of an organisation in the text (character offsets into ``doc.text``)."""

    start: int
    end: int
    surface: str
    source: str
    alias: str | None = None  # the longer written form it came from ("Justice Departments Tax Division")
    acronym: str | None = None
    # The phrase it was split from: mentions cut from one phrase may overlap each other, not others.
    phrase_start: int = -1
    phrase_end: int = -1

    @property
    def phrase(self) -> tuple[int, int]:
        """Character range of the source phrase (the mention itself when it was not split)."""
        return (self.phrase_start, self.phrase_end) if self.phrase_start >= 0 else (self.start, self.end)

    def with_acronym(self, acronym: str) -> OrgMention:
        """The same mention, defining ``acronym``."""
        return OrgMention(self.start, self.end, self.surface, self.source, self.alias, acronym,
                          self.phrase_start, self.phrase_end)

    def with_source(self, source: str) -> OrgMention:
        """The same mention, found by ``source`` too."""
        return OrgMention(self.start, self.end, self.surface, source, self.alias, self.acronym,
                          self.phrase_start, self.phrase_end)
