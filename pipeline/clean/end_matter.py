"""What follows a release's text: end marks, "About X", disclaimers, notes and contact blocks, related lists and
author boxes, trailing chrome, and the "Read more at X" / "Source: X" line that names the origin."""

from __future__ import annotations

import re

from pipeline.clean.header import is_header_line
from pipeline.clean.lines import CHROME_MAX_CHARS, is_list_line, line_key, matches_line, word_count
from pipeline.clean.rules import CleaningRules, load_cleaning_rules


#: A block at the end is only cut when it starts this far (share of characters) into the text.
TAIL_START_SHARE = 0.3
#: Author-box paragraphs allowed in a cut block.
MAX_BIO_PARAGRAPHS = 4
#: End matter ("About X", notes to editors, disclaimers, contacts) starts at least this far (share of
#: characters) into the text: a short release may carry more boilerplate than news.
END_MATTER_START_SHARE = 0.15
#: Paragraphs of prose allowed in one boilerplate section (an "About X" text, a disclaimer, notes).
MAX_BOILERPLATE_PARAGRAPHS = 8
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# "Futurism. Read the…", "preliminary. They…", but not "U.S. Department".
_FIRST_SENTENCE_END = re.compile(r"(?<=[a-z]{2})[.!?]\s+(?=[A-Z])")


def origin_of(line: str, rules: CleaningRules | None = None) -> str | None:
    """X in a "Read more at X" / "Source: X" / "Originally published by X" line, else None."""
    rules = rules or load_cleaning_rules()
    key = line_key(line)
    if len(key) > 200:
        return None
    for pattern in rules.origin:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        parts = _FIRST_SENTENCE_END.split(match.group("origin"), maxsplit=1)
        if len(parts) > 1 and not (rules.not_origin.search(parts[1]) or matches_line(rules.chrome, parts[1])):
            continue  # "Source: officials said … . They …": a sentence, not a name
        value = parts[0].strip(" .:;,-–—\"'“”")
        if _URL.fullmatch(value):
            value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value, flags=re.IGNORECASE).split("/")[0]
        elif not value[:1].isupper():
            continue  # names are capitalised: "Source: officials said …" is a sentence
        if value and word_count(value) <= 12 and len(value) <= 100 and not rules.not_origin.search(value):
            return value
    return None


def _is_site_line(line: str, site_name: str | None) -> bool:
    """The site's own name alone, or glued to its URL ("Homeland Security Todayhttp://www.hstoday.us")."""
    if not site_name:
        return False
    key = line_key(line).casefold()
    name = site_name.casefold()
    if key == name:
        return True
    return key.startswith(name) and _URL.fullmatch(key[len(name) :].strip()) is not None


def _is_bio_paragraph(line: str, site_name: str | None, rules: CleaningRules) -> bool:
    return bool(site_name) and site_name.casefold() in line.casefold() and matches_line(rules.bio_sentence, line)


def _is_end_chrome(line: str, site_name: str | None, rules: CleaningRules) -> bool:
    return (
        matches_line(rules.chrome, line)
        or matches_line(rules.tail, line)
        or matches_line(rules.related, line)
        or matches_line(rules.bio, line)
        or _is_site_line(line, site_name)
        or _is_bio_paragraph(line, site_name, rules)
    )


def _is_chrome_block(block: list[str], site_name: str | None, rules: CleaningRules) -> bool:
    """Whether everything from a "Related"/author-box heading to the end is chrome.

    Allowed: other chrome lines, origin lines, list lines (bullet items; headlines and
    names, which are short and end without a full stop), and,
    inside an author box, up to :data:`MAX_BIO_PARAGRAPHS` bio paragraphs. One ordinary
    paragraph anywhere means the heading sat inside the article: nothing is cut.
    """
    in_bio = matches_line(rules.bio, block[0])
    bio_paragraphs = 0
    for line in block[1:]:
        if matches_line(rules.related, line):
            in_bio = False
        elif matches_line(rules.bio, line):
            in_bio = True
        elif _is_end_chrome(line, site_name, rules) or origin_of(line, rules) or is_list_line(line):
            continue
        elif in_bio and bio_paragraphs < MAX_BIO_PARAGRAPHS:
            bio_paragraphs += 1
        else:
            return False
    return True


def strip_tail(lines: list[str], site_name: str | None, rules: CleaningRules) -> tuple[list[str], str | None]:
    """Cut a chrome block at the end (related list, author box) and trailing chrome lines.

    Returns the kept lines and the origin named by a "Read more at X" line among the
    trailing ones (the one nearest the article wins).
    """
    if len(lines) < 2:
        return lines, None
    total = sum(len(line) for line in lines)
    position = 0
    for index, line in enumerate(lines):
        if index and position >= TAIL_START_SHARE * total and (matches_line(rules.related, line) or matches_line(rules.bio, line)):
            block = lines[index:]
            if sum(len(x) for x in block) <= position and _is_chrome_block(block, site_name, rules):
                lines = lines[:index]
                break
        position += len(line)
    origin = None
    while len(lines) > 1:
        line = lines[-1]
        if _is_end_chrome(line, site_name, rules):
            lines = lines[:-1]
            continue
        found = origin_of(line, rules)
        if found is None:
            break
        origin = found
        lines = lines[:-1]
    return lines, origin


def _end_section(line: str, following: list[str], rules: CleaningRules) -> str | None:
    """Which end section this line opens ("about", "notes", "disclaimer", "contact"), if any.

    An "About X" line opens one only when the paragraph after it (or its own rest) describes
    X: "About Acme Corp." then "Acme Corp. is a …". "About 300 people were evacuated" does not.
    """
    if len(line) > 6 * CHROME_MAX_CHARS:
        return None
    key = line_key(line)
    for ident, pattern in rules.end_section:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        if ident == "about":
            subject = match.group("subject").rstrip(" .,:")
            first_word = subject.split()[0].casefold() if subject else ""
            descriptions = (match.groupdict().get("rest") or "", following[0] if following else "")
            if not first_word or not any(first_word in text[: len(subject) + 60].casefold() for text in descriptions):
                continue
        return ident
    return None


def _is_end_matter(block: list[str], rules: CleaningRules) -> bool:
    """Whether everything from an end-section line to the end is end matter.

    Allowed after it: other end sections, end marks, chrome, header furniture, contact lines
    (phones, e-mail and web addresses), short lines (names, titles, addresses) and, inside an
    "About", disclaimer or notes section, up to :data:`MAX_BOILERPLATE_PARAGRAPHS` paragraphs.
    A paragraph of prose in a contact block, or right after an end mark, means it was not end
    matter: nothing is cut.
    """
    # After an end mark only end sections, contacts and short lines may follow: prose there is
    # more text (a second statement, the release sent again), not end matter.
    section = "after_mark" if _is_end_mark(block[0], rules) else _end_section(block[0], block[1:], rules)
    paragraphs = 0
    for index, line in enumerate(block[1:], 1):
        if _is_end_mark(line, rules):
            continue
        opened = _end_section(line, block[index + 1 :], rules)
        if opened is not None:
            section, paragraphs = opened, 0
            continue
        if _is_end_chrome(line, None, rules) or is_header_line(line, rules) or matches_line(rules.contact_line, line):
            continue
        if section == "contact" and rules.contact_line.search(line) is not None and len(line) <= 400:
            continue  # "Jane Roe, Acme Corp., +1 555 0100, jane@acme.example"
        if is_list_line(line):
            continue
        if section not in ("contact", "after_mark") and paragraphs < MAX_BOILERPLATE_PARAGRAPHS:
            paragraphs += 1
            continue
        return False
    return True


def _is_end_mark(line: str, rules: CleaningRules) -> bool:
    """"###", "-30-", "ENDS": matched on the line as written (its dashes are no list bullets)."""
    return len(line) <= 40 and rules.end_mark.fullmatch(line.strip()) is not None


def strip_end_matter(lines: list[str], rules: CleaningRules) -> list[str]:
    """Cut the release's end matter: from an end mark ("###", "-30-", "ENDS") or from the first
    end section ("About X", notes to editors, a forward-looking-statement disclaimer, a contact
    block), when nothing but end matter follows. An end mark followed by more text (a release
    sent again below its own end) is dropped alone."""
    if len(lines) < 2:
        return lines
    total = sum(len(line) for line in lines)
    position = len(lines[0])
    marks: list[int] = []
    for index in range(1, len(lines)):
        line = lines[index]
        if _is_end_mark(line, rules):
            if _is_end_matter(lines[index:], rules):
                return [line for number, line in enumerate(lines[:index]) if number not in marks]
            marks.append(index)
        elif position >= END_MATTER_START_SHARE * total and _end_section(line, lines[index + 1 :], rules) is not None:
            if _is_end_matter(lines[index:], rules):
                return [line for number, line in enumerate(lines[:index]) if number not in marks]
        position += len(line)
    return [line for number, line in enumerate(lines) if number not in marks]
