"""The content checks: plain functions that say what is wrong with one translation.

Each takes the check context and a `Message` and yields problem descriptions (or, for
the glossary, ready Findings); the driver in checks.py turns them into located Findings
with the check's id and configured severity, so a check only knows about text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .numbers import latin_only, mask_identifiers
from .placeholders import TAG_PATTERN, PlaceholderError, parse_translation

if TYPE_CHECKING:
    from .checks import CheckContext, Message

_SPACE_CHARS = " \u00a0\u202f\u2009"
_RAW_TAG = re.compile(r"</?([A-Za-z][\w:-]*)(\s+[^<>]*?)\s*/?>")
_ATTRIBUTE = re.compile(r"([\w:-]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_TRANSLATABLE_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder", "label"}


def quote(text: str, limit: int = 60) -> str:
    """`text` for a message: shortened, invisible and control characters spelled out."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "“" + "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text
    ) + "”"


@functools.lru_cache(maxsize=256)
def language(locale: str) -> str:
    return re.split(r"[_-]", locale)[0].lower()


def plain(text: str, tag: str = "") -> str:
    """`text` with placeholder tags replaced by `tag`."""
    return TAG_PATTERN.sub(tag, text) if "<" in text else text


# -- markup and protected content ----------------------------------------------------


def markup(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Placeholders missing, extra, unknown, unbalanced or re-nested; order is free."""
    names = {p.name for p in msg.placeholders}
    if any(_opened(msg.source, name) > 1 for name in names):
        yield from _markup_counts(msg, names)  # a foreign PO repeating a tag such as <b>
    else:
        try:
            parse_translation(msg.translation, msg.placeholders, msg.source)
        except PlaceholderError as error:
            yield from error.problems
    if "<" not in msg.source and "<" not in msg.translation:
        return  # no tag of any kind to compare
    source, target = _raw_tags(msg.source), _raw_tags(msg.translation)
    if not source and not target:
        return
    for tag in sorted((source - target).elements()):
        yield f"tag {tag} is missing or was changed"
    for tag in sorted((target - source).elements()):
        yield f"tag {tag} is not in the source"


def _opened(text: str, name: str) -> int:
    """How many `TAG_PATTERN` matches of `text` open (or are) placeholder `name`: every
    ``<name>`` or ``<name/>`` in the text is such a match, as no match holds a "<" but
    its first, so substring counts find them without a scan of every tag."""
    return text.count(f"<{name}>") + text.count(f"<{name}/>")


def _markup_counts(msg: Message, names: set[str]) -> Iterator[str]:
    def tokens(text: str) -> Counter:
        return Counter(m.group() for m in TAG_PATTERN.finditer(text) if m.group(2) in names)

    source, target = tokens(msg.source), tokens(msg.translation)
    for token in sorted((source - target).elements()):
        yield f"missing placeholder {token}"
    for token in sorted((target - source).elements()):
        yield f"extra placeholder {token}"
    depth: Counter[str] = Counter()
    for match in TAG_PATTERN.finditer(msg.translation):
        closing, name, void = match.groups()
        if name in names and not void:
            depth[name] += -1 if closing else 1
            if depth[name] < 0:
                yield f"{match.group()} does not close an open placeholder"
                depth[name] = 0


def _raw_tags(text: str) -> Counter:
    """HTML tags with attributes (PO files from other tools), translatable values blanked."""
    tags: Counter[str] = Counter()
    if "<" not in text:
        return tags
    for match in _RAW_TAG.finditer(text):
        attributes = []
        for name, value in _ATTRIBUTE.findall(match.group(2)):
            keep = name.lower() not in _TRANSLATABLE_ATTRIBUTES
            attributes.append(f"{name}={value}" if keep and value else name)
        slash = "/" if match.group().startswith("</") else ""
        tags[f"<{slash}{match.group(1)} {' '.join(attributes)}>"] += 1
    return tags


def protected(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Do-not-translate inline content (translate="no", code) must be copied verbatim."""
    for placeholder in msg.placeholders:
        if placeholder.protected is None:
            continue
        name = re.escape(placeholder.name)
        match = re.search(rf"<{name}>(.*?)</{name}>", msg.translation, re.S)
        if match is None:
            continue  # the markup check reports the missing placeholder
        content = re.sub(r"\s+", " ", match.group(1)).strip()
        if content != re.sub(r"\s+", " ", placeholder.protected).strip():
            yield (f"<{placeholder.name}> must keep its content {quote(placeholder.protected)} "
                   f"untranslated, not {quote(content)}")


def multiset_difference(source: list, target: list) -> tuple[list, list]:
    """(items of source missing from target, items of target not in source), as multisets."""
    want, have = Counter(source), Counter(target)
    return sorted((want - have).elements()), sorted((have - want).elements())


def pair_by_kind(missing: list, extra: list) -> Iterator[tuple]:
    """Pair each missing item with an extra one of the same kind (key[0]), consuming `extra`."""
    for item in missing:
        match = next((e for e in extra if e[0] == item[0]), None)
        if match is not None:
            extra.remove(match)
        yield item, match


# -- characters and spacing ----------------------------------------------------------

INVISIBLE = frozenset(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x206A), 0xFEFF, 0x061C, 0x180E]
)
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u180e]")
#: languages whose spelling uses ZWNJ/ZWJ between letters (Persian half-spaces, Indic conjuncts).
_JOINER_LANGUAGES = frozenset("fa ps ur ckb ku sd ug hi mr ne bn as si ml ta te kn gu pa or sa".split())


def invisible(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Bidirectional controls and zero-width characters that the source does not have."""
    text = msg.translation
    if latin_only(text) or _INVISIBLE.search(text) is None:
        return  # nearly always: the source's own characters need not be read
    allowed = set(_INVISIBLE.findall(msg.source))
    seen: dict[str, int] = {}
    for match in _INVISIBLE.finditer(text):
        index, char = match.start(), match.group()
        if char in allowed or char in seen:
            continue
        if char in "\u200c\u200d" and _legitimate_joiner(text, index, ctx.target_locale):
            continue
        seen[char] = index + 1
    for char, column in seen.items():
        name = unicodedata.name(char, "FORMAT CHARACTER")
        yield (f"invisible character U+{ord(char):04X} {name} at character {column} "
               "(it can reorder or hide text; the page's dir attribute handles direction)")


def _legitimate_joiner(text: str, index: int, locale: str) -> bool:
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if text[index] == "\u200d" and (_pictographic(before) or _pictographic(after)):
        return True  # emoji sequences
    letters = all(c and unicodedata.category(c)[0] in "LM" for c in (before, after))
    return letters and language(locale) in _JOINER_LANGUAGES


def _pictographic(char: str) -> bool:
    return bool(char) and (unicodedata.category(char) == "So" or ord(char) in (0xFE0F, 0x2640, 0x2642))


_DOUBLE_SPACES = re.compile(f"[{_SPACE_CHARS}]{{2,}}")


def _may_double(text: str) -> bool:
    """Could `_DOUBLE_SPACES` match? Only where two of its spaces stand side by side:
    without a no-break or thin space only "  " can; with them (French puts one before
    most marks) the pairs of the spaces the text holds answer, for less than a search."""
    if "\u00a0" not in text and "\u202f" not in text and "\u2009" not in text:
        return "  " in text
    present = [space for space in _SPACE_CHARS if space in text]
    return any(first + second in text for first in present for second in present)


def whitespace(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Leading or trailing whitespace, double spaces and line breaks unlike the source."""
    source, target = msg.source, msg.translation
    if (source[:1].isspace()) != (target[:1].isspace()):
        yield "leading whitespace differs from the source"
    if (source[-1:].isspace()) != (target[-1:].isspace()):
        yield "trailing whitespace differs from the source"
    doubles = _DOUBLE_SPACES.findall(target.strip()) if _may_double(target) else None
    if doubles and len(doubles) > len(_DOUBLE_SPACES.findall(source.strip())):
        yield "double space"
    for char, name in (("\n", "line breaks"), ("\t", "tabs")):
        if source.count(char) != target.count(char):
            yield f"{target.count(char)} {name}; the source has {source.count(char)}"


#: UTF-8 read as Latin-1 or Windows-1252 ("Ã©" for "é", "â€™" for "’"), and U+FFFD.
_MOJIBAKE = re.compile("\ufffd|[ÃÂ][\u0080-\u00bf\u2018-\u203a\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]"
                       "|â€[\u0080-\u00bf\u2018-\u203a\u2122\u0153\u0161\u017e\u02dc]")


def blank(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """A translation with no visible text: it would publish an empty element."""
    if not plain(msg.translation).strip() and plain(msg.source).strip():
        yield "the translation is blank"


def _garbled(text: str) -> set[str]:
    # Every match begins with one of these characters: most texts need no regex search.
    if "\ufffd" not in text and "Ã" not in text and "Â" not in text and "â" not in text:
        return set()
    return {m.group() for m in _MOJIBAKE.finditer(text)}


def encoding(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Characters garbled by a wrong encoding ("Ã©" for "é") or replaced by U+FFFD."""
    found = _garbled(msg.translation)
    if found:
        found -= _garbled(msg.source)
    if found:
        yield f"garbled characters {', '.join(quote(f) for f in sorted(found))} (a file saved in the wrong encoding?)"


# -- punctuation ---------------------------------------------------------------------

_CLOSERS = "\"'”’»)]}」』》）›"
_CLASSES = {
    **dict.fromkeys(".。．।۔።။։", "a full stop"), **dict.fromkeys("?？؟፧", "a question mark"),
    **dict.fromkeys("!！", "an exclamation mark"), **dict.fromkeys(":：", "a colon"),
    **dict.fromkeys(";；؛", "a semicolon"), **dict.fromkeys("…⋯", "an ellipsis"),
    **dict.fromkeys(",，、،", "a comma"),
}
_FULL_WIDTH = {".": "。", "?": "？", "!": "！", ":": "：", ";": "；", ",": "，"}
_FULL_WIDTH_LANGUAGES = frozenset({"zh", "ja", "yue"})
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug"})
#: languages where a sentence normally ends without a stop.
_NO_STOP_LANGUAGES = frozenset({"th", "lo"})


def final_punctuation(text: str) -> tuple[str, str]:
    """(class, character) of the punctuation ending `text`, ignoring tags and closing quotes.

    >>> final_punctuation("known as “infant acne.”")
    ('a full stop', '.')
    """
    text = plain(text).rstrip()
    while text and (text[-1] in _CLOSERS or text[-1] in _SPACE_CHARS):
        text = text[:-1].rstrip()
    if text.endswith("..."):
        return "an ellipsis", "..."
    last = text[-1:]
    return _CLASSES.get(last, "no punctuation"), last


def punctuation(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Final punctuation like the source's, written the target language's way."""
    lang = language(ctx.target_locale)
    wanted, _ = final_punctuation(msg.source)
    got, char = final_punctuation(msg.translation)
    if lang == "el" and char in (";", "\u037e"):
        got = "a question mark"
    if wanted == "a question mark" and (
            (lang == "ja" and plain(msg.translation).rstrip().rstrip("。").endswith("か"))
            or (lang == "hy" and "\u055e" in msg.translation)):
        got = wanted  # Japanese 〜ですか。, Armenian ՞ over the stressed vowel
    if got != wanted and not (lang in _NO_STOP_LANGUAGES and got == "no punctuation"):
        yield f"ends with {got}; the source ends with {wanted}"
    elif lang in _FULL_WIDTH_LANGUAGES and char in _FULL_WIDTH:
        yield f"ends with the half-width {quote(char)}; {lang} text uses {quote(_FULL_WIDTH[char])}"
    elif lang in _ARABIC_SCRIPT and char == "?":
        yield f"ends with {quote('?')}; Arabic-script text uses {quote('؟')}"
    if lang != "es" and lang != "fr":
        return
    text = mask_identifiers(plain(msg.translation))
    if lang == "es":
        for opening, closing in (("¿", "?"), ("¡", "!")):
            if text.count(closing) > text.count(opening):
                yield f"{quote(closing)} without the opening {quote(opening)} Spanish requires"
    if lang == "fr":
        yield from _french_spacing(text, ":" if ctx.target_locale.replace("-", "_") == "fr_CA" else ";:!?")


_FRENCH_MARKS = re.compile(r"[;:!?«»]")


def _french_spacing(text: str, before: str) -> Iterator[str]:
    """French sets a (narrow) no-break space before ; : ! ? and inside « »."""
    if not (";" in text or ":" in text or "!" in text or "?" in text or "«" in text or "»" in text) \
            or _spaced_everywhere(text, before):
        return  # the reading below would find no space missing
    for char, count in sorted(_missing_spaces(text, before).items()):
        where = "after" if char == "«" else "before"
        times = f" ({count} places)" if count > 1 else ""
        yield f"French needs a no-break space (U+202F or U+00A0) {where} {quote(char)}{times}"


def _missing_spaces(text: str, before: str) -> Counter[str]:
    """How many of each mark lack the space French wants next to it."""
    missing: Counter[str] = Counter()
    for match in _FRENCH_MARKS.finditer(text):
        index, char = match.start(), match.group()
        previous = text[index - 1] if index else " "
        following = text[index + 1] if index + 1 < len(text) else " "
        if char in before:
            if previous in _SPACE_CHARS or previous in ";:!?([" or index == 0:
                continue
            if not (following.isspace() or following in _CLOSERS or following in ";:!?.,…"):
                continue  # not punctuation but part of a token: 10:30, 1:1000, doi:10.1/x
            missing[char] += 1
        elif char == "»" and previous not in _SPACE_CHARS:
            missing[char] += 1
        elif char == "«" and following not in _SPACE_CHARS:
            missing[char] += 1
    return missing


def _spaced_everywhere(text: str, before: str) -> bool:
    """Whether every mark `_missing_spaces` reads already has a space where French wants
    one: each of `before` and each » right after one of `_SPACE_CHARS`, each « right
    before one. A mark has one neighbour on each side, so it is so spaced exactly when it
    is counted among the two-character strings of a space and itself: a few substring
    counts answer for every mark at once, and `_missing_spaces` would find none missing."""
    for mark in before + "»":
        if mark in text and text.count(mark) != sum(text.count(space + mark) for space in _SPACE_CHARS):
            return False
    return "«" not in text or text.count("«") == sum(text.count("«" + space) for space in _SPACE_CHARS)


_BRACKETS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "「": "」", "『": "』", "《": "》", "〈": "〉"}
_ANY_BRACKET = re.compile("[" + re.escape("".join(o + c for o, c in _BRACKETS.items())) + "]")


def _has_bracket(text: str) -> bool:
    """Whether `_ANY_BRACKET` would find a bracket; ASCII and `latin_only` text (most texts)
    can hold only the ASCII ones, which six substring tests find for less than a regex scan."""
    if text.isascii() or latin_only(text):
        return "(" in text or ")" in text or "[" in text or "]" in text or "{" in text or "}" in text
    return _ANY_BRACKET.search(text) is not None


def brackets(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Brackets opened and not closed (or closed and not opened) where the source balances them."""
    found = _unbalanced(msg.translation)
    if not found or _unbalanced(msg.source):  # (the translation first: it nearly always balances)
        return
    for opening in found:
        yield f"unbalanced {quote(opening + _BRACKETS[opening])}"


def _unbalanced(text: str) -> list[str]:
    """The opening brackets of `text` that its closing ones do not balance."""
    if not _has_bracket(text):  # masking and tags add none
        return []
    text = mask_identifiers(plain(text, " ")).replace("（", "(").replace("）", ")")
    return [o for o, c in _BRACKETS.items() if text.count(o) != text.count(c)]


#: pairs that are grammatical when doubled ("nous nous lavons", "die die", "that that").
_DOUBLES_ALLOWED = {
    "fr": {"nous", "vous"}, "de": {"die", "der", "das", "den", "dem", "des", "sie"},
    "nl": {"dat", "die"}, "en": {"that", "had", "is"}, "es": {"que"}, "pt": {"que"},
}
#: possessive: a doubled word is a whole run of letters followed by spaces, so giving
#: characters back never helps; not backtracking makes the search half as costly.
_DOUBLED = re.compile(r"\b([^\W\d_]++)\s++\1\b", re.I)
#: `_DOUBLED` with the character before the first word, as `doubled_words` searches.
_AFTER_NON_WORD_DOUBLED = re.compile(r"\W([^\W\d_]++)\s++\1\b", re.I)


def doubled_words(text: str) -> Iterator[tuple[str, str]]:
    """(word, the match) of each `_DOUBLED` match of `text`, in order.

    A match starts at a letter after a non-word character or at the start, so with a
    space put before the text the same matches are those of `_AFTER_NON_WORD_DOUBLED`
    less their first character; and where one match ends a letter cannot start the
    next, so the next non-word character is still free. That pattern begins with a
    character class: the search skips to the non-word characters (a fifth of a text)
    instead of trying a word boundary at every position, a fifth less time in all.
    """
    for match in _AFTER_NON_WORD_DOUBLED.finditer(" " + text):
        yield match.group(1), match.group()[1:]


def repeated(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """A word typed twice in a row ("the the"), unless the source does it too."""
    allowed = _DOUBLES_ALLOWED.get(language(ctx.target_locale), set())
    source = None  # the source's own doubled words, read only when needed
    for word, doubled in doubled_words(plain(msg.translation, " ")):
        word = word.casefold()
        if word in allowed:
            continue
        if source is None:
            source = {w.casefold() for w, _ in doubled_words(plain(msg.source, " "))}
        if word not in source:
            yield f"repeated word {quote(doubled)}"


# -- omissions -----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PARTICLES = frozenset("de del della da das dos do du van von der den la le bin ibn al el y e di".split())
#: ideographs, kana and Hangul carry about three Latin letters' worth of text each.
_WIDE = re.compile(r"[\u1100-\u11FF\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\U00020000-\U0003FFFF]")
MIN_LENGTH_CHECKED = 20
LENGTH_BOUNDS = {"short": (0.25, 4.0), "long": (0.35, 3.0)}


def unchanged(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """A translation identical to a source that needed translating."""
    if language(ctx.source_locale) == language(ctx.target_locale):
        return
    # Equal word lists end with the same word: the last words, split off from the right
    # alone, tell most translations apart without splitting either text whole.
    if msg.translation.rsplit(None, 1)[-1:] != msg.source.rsplit(None, 1)[-1:]:
        return
    # (joined with single spaces, two word lists are equal exactly when the lists are)
    if collapsed(msg.translation) != collapsed(msg.source):
        return
    text = msg.source
    for placeholder in msg.placeholders:
        if placeholder.protected is not None:
            text = text.replace(f"<{placeholder.name}>{placeholder.protected}</{placeholder.name}>", " ")
    words = _WORD.findall(mask_identifiers(plain(text, " ")))
    if len(words) < 2:
        return  # single words are often the same (cognates, names, units)
    if all(w[0].isupper() or w.lower() in _PARTICLES for w in words) and len(words) <= 5 \
            and not all(w.lower() in _PARTICLES for w in words):
        return  # a proper name such as "Maria del Carmen Hernandez"
    yield "the translation is identical to the source"


@functools.lru_cache(maxsize=512)
def collapsed(text: str) -> str:
    """`text`'s words joined by single spaces. Remembered: the length check and the
    consistency digests of `check` (qa.py) both read every source and translation so,
    and splitting a text costs more than all the other work on it but one regex."""
    return " ".join(text.split())


def weighted_length(text: str) -> float:
    """Characters, counting ideographs, kana and Hangul three times (they are denser).

    >>> weighted_length("粟丘疹"), weighted_length("milia")
    (9, 5)
    """
    spaced = plain(text, " ")
    length = len(collapsed(spaced))
    if spaced.isascii() or latin_only(text):  # (tags, made spaces, are ASCII)
        return length
    # The words hold every wide character of `spaced` but U+3000, the one that is whitespace.
    return length + 2 * (len(_WIDE.findall(spaced)) - spaced.count("\u3000"))


def length(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """A translation implausibly short or long for its source: a sign of omission or addition."""
    if len(plain(msg.source)) < MIN_LENGTH_CHECKED:
        return
    source, target = weighted_length(msg.source), weighted_length(msg.translation)
    if source == 0:
        return
    low, high = LENGTH_BOUNDS["short" if source < 50 else "long"]
    ratio = target / source
    if ratio < low:
        yield f"the translation is {ratio:.0%} as long as the source (something left out?)"
    elif ratio > high:
        yield f"the translation is {ratio:.0%} as long as the source (something added?)"


# -- gettext details -----------------------------------------------------------------

_PRINTF = re.compile(r"%(?:\d+\$)?(?:\([^)]*\))?[#0+-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlLqjzt]*[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")


def format_(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """c-format, python-format and python-brace-format directives, when the entry says so.

    A directive with the space flag ("% o" in "50% of") is taken for prose, not a
    directive: Babel marks such text python-format, and msgfmt then rejects "50 % des".
    """
    kinds = [(flag, pattern) for flag, pattern in (("c-format", _PRINTF), ("python-format", _PRINTF),
                                                    ("python-brace-format", _BRACE))
             if flag in msg.flags and f"no-{flag}" not in msg.flags]
    for flag, pattern in kinds:
        def directives(text: str) -> Counter:
            found = (re.sub(r"^%\d+\$", "%", d) for d in pattern.findall(text))
            return Counter(d for d in found if d != "%%")
        missing, extra = multiset_difference(list(directives(msg.source).elements()),
                                     list(directives(msg.translation).elements()))
        for directive in missing:
            changed = f" (the translation has {quote(extra.pop(0))})" if extra else ""
            yield f"{flag} directive {quote(directive)} is missing{changed}"
        for directive in extra:
            yield f"{flag} directive {quote(directive)} is not in the source"


def plurals(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Every plural form of a translated plural entry, as many as the catalog declares."""
    if msg.form not in (None, 0) or msg.forms is None:
        return
    empty = [str(i) for i, form in enumerate(msg.forms) if not form]
    if empty:
        yield "empty plural form msgstr[" + "], msgstr[".join(empty) + "]"
    if msg.nplurals and len(msg.forms) != msg.nplurals:
        yield f"{len(msg.forms)} plural forms; the catalog's Plural-Forms declares {msg.nplurals}"
