"""Glossary terms found in text, inflection-aware, and translations checked against them.

A source unit is searched for the source-language terms of every concept; for each
concept found, the translation must use one of its preferred or admitted terms in the
target language, must not use a deprecated or superseded one, and do-not-translate
terms must survive verbatim.

How words are compared, per language:

- spaced scripts: tokens are words; each is casefolded and reduced to its Snowball
  stem (then stripped of diacritics, so "pápula" and a hurried "papula" agree);
  multi-word terms match consecutive stems. English also maps Latin plurals
  (milium/milia, nevus/nevi, diagnosis/diagnoses), which Snowball does not know.
- Arabic: harakat and tatweel are dropped and the article ال with its proclitics
  (وال، بال، فال، كال، لل) stripped before stemming; in translations a single و/ف/ب/ل/ك
  prefix is tried as well.
- German and other compounding languages: a word whose stem ends with a term's stem
  (of four letters or more) matches it as the compound's head ("Hautzysten" → Zyste).
- scripts written without spaces (Chinese, Japanese, Thai…): substring match.

A term may override its mode: ``exact`` (whole words, case-insensitive, no stemming)
or ``regex`` (the term text is a case-insensitive regular expression). Overlapping
matches are resolved longest first, so a word inside a longer term is not matched twice.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
import weakref
from itertools import accumulate, chain, compress, count
from typing import TYPE_CHECKING, NamedTuple

import snowballstemmer

from .errors import Finding, Severity
from .model import Location
from .placeholders import TAG_PATTERN

if TYPE_CHECKING:
    from .glossary import Concept, Glossary, Term

MATCH_MODES = ("stem", "exact", "regex")
IGNORE_FLAG = "ignore-glossary"

_STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}
_UNSPACED = {"zh", "ja", "th", "lo", "km", "my", "bo"}
_COMPOUNDING = {"de", "nl", "sv", "da", "no", "nb", "nn", "fi", "is"}
_ELIDING = {"fr", "it", "ca"}
_ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
             "dell", "nell", "sull", "dall", "all", "un", "quest", "quell"}
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0dff\u0e00-\u0e7f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f")
_WORD = re.compile(rf"[^\W_][\w{_MARKS}]*(?:'[\w{_MARKS}]+)*")
#: `_WORD` captured: its split() alternates separators (even indices) and words (odd).
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
#: `_WORD_SPLIT` for ASCII text, where it splits alike: `_MARKS` are all non-ASCII, and on
#: ASCII characters Unicode ``\w`` is ``[A-Za-z0-9_]``, as with re.ASCII (a smaller, faster test).
_ASCII_WORD_SPLIT = re.compile(r"([^\W_]\w*(?:'\w+)*)", re.ASCII)


def _split(text: str) -> list[str]:
    """`text` split by `_WORD_SPLIT`: separators and words in turn."""
    return (_ASCII_WORD_SPLIT if text.isascii() else _WORD_SPLIT).split(text)


_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u2032`\u00b4"})
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AL_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_ZU_INFINITIVE = re.compile(r"(ab|an|auf|aus|bei|ein|fest|frei|her|hin|los|mit|nach|vor|weg|zurück|zusammen)"
                            r"zu(\w{4,})$")
_PRONOUNS = ("هما", "هم", "هن", "ها", "كم", "نا", "ه", "ك")
#: articles that may stand between the words of a multi-word term in a translation.
_ARTICLES = {
    "en": {"the", "a", "an"},
    "fr": {"le", "la", "les", "un", "une", "des", "du"},
    "es": {"el", "la", "los", "las", "lo", "un", "una", "unos", "unas"},
    "pt": {"o", "a", "os", "as", "um", "uma", "uns", "umas"},
    "it": {"il", "lo", "la", "i", "gli", "le", "un", "uno", "una"},
    "de": {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"},
    "nl": {"de", "het", "een"},
}


class Hit(NamedTuple):
    """A term found in text: `surface` is text[start:end]; `size` ranks overlaps.

    A named tuple, not a dataclass: a page makes thousands and tuples are far cheaper.
    """

    start: int
    end: int
    size: int
    concept: Concept
    term: Term
    surface: str
    #: 0 on primary stems, 1 on fallback readings, 2 in a compound; the best wins a span.
    rank: int = 0


_new_hit = tuple.__new__  # Hit without its argument-handling constructor: twice as fast


def _fold(text: str) -> str:
    """`text` without combining marks (é → e); the length may change."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold_chars(text: str) -> str:
    """Casefold and strip marks character by character, keeping every index in place."""
    return "".join(map(_fold_char, text))


@functools.lru_cache(maxsize=None)
def _fold_char(c: str) -> str:
    f = _fold(c).casefold()
    return f if len(f) == 1 else c


def _latin_singular(word: str) -> str:
    """Map English forms of Latin medical nouns onto one form (milium/milia, nevi/nevus).

    >>> [_latin_singular(w) for w in ("milium", "milia", "nevi", "vertebrae", "diagnosis")]
    ['milia', 'milia', 'nevus', 'vertebra', 'diagnoses']
    """
    if len(word) >= 5:
        if word.endswith("ium"):
            return word[:-3] + "ia"
        if word.endswith("um"):
            return word[:-2] + "a"
        if word.endswith("ae"):
            return word[:-1]
        if word.endswith("sis") and len(word) >= 7:
            return word[:-2] + "es"
    if len(word) >= 4 and word.endswith("i") and word[-2] not in "aeiouy":
        return word[:-1] + "us"
    return word


class Language:
    """How one language's words are compared; `code` is the glossary's BCP 47 tag."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.base = code.split("-")[0].casefold()
        self.unspaced = self.base in _UNSPACED
        self.compounding = self.base in _COMPOUNDING
        self.articles = _ARTICLES.get(self.base, set())
        algorithm = _STEMMERS.get(self.base)
        self._stemmer = snowballstemmer.stemmer(algorithm) if algorithm in snowballstemmer.algorithms() else None
        self.stem = functools.lru_cache(maxsize=65536)(self._stem)
        self.analyse = functools.lru_cache(maxsize=65536)(self._analyse)
        #: word as written -> (key, stems, primary): the token fields of a text word.
        self._readings: dict[str, tuple[str, frozenset[str], str]] = {}

    def _stem(self, word: str) -> str:
        if self._stemmer is not None and len(word) > 2:
            word = self._stemmer.stemWord(word)
        return _fold(word)

    def keys(self, word: str, *, text: bool) -> frozenset[str]:
        """Stems a word may stand for; text words get more (clitic) readings than terms."""
        return self.analyse(word, text=text)[1]

    def _analyse(self, word: str, *, text: bool) -> tuple[str, frozenset[str]]:
        """(primary stem, all stems) of `word`.

        The primary stem reads the word as written; the others are fallbacks (accents
        folded before stemming, clitics stripped). When two terms claim the same words,
        a match on primary stems beats one on fallbacks, so Portuguese "miliária" stays
        the deprecated false friend rather than an accent-less reading of "mílio".
        """
        word = word.translate(_APOSTROPHES).casefold()
        if self.base == "en":
            word = _latin_singular(word.split("'")[0] or word)
        elif self.base in _ELIDING and "'" in word:
            head, _, rest = word.partition("'")
            word = rest if head in _ELISIONS and rest else word
        if self.base == "pt" and word.endswith(("ões", "ães", "ãos")):
            word = word[:-3] + "ão"  # Snowball leaves lesão/lesões apart
        elif self.base == "de" and len(word) >= 4 and word[-1] == "s" and word[-2] in "aiouy":
            word = word[:-1]  # loanword plurals (Babys) that Snowball leaves alone
        if self.base != "ar":
            # Stemmers differ on accented input (Spanish "bebés" vs "bebé"): try both.
            forms = {word, _fold(word)}
            if text and self.base == "fr" and len(word) > 5 and word.endswith("ent"):
                forms.add(word[:-2])  # Snowball keeps verbs' -ent (démangent ≠ démange)
            if text and self.base == "de" and (m := _ZU_INFINITIVE.match(word)):
                forms.add(m.group(1) + m.group(2))  # abzuschuppen → abschuppen
            return self.stem(word), frozenset(self.stem(f) for f in forms)
        word = _ARABIC_MARKS.sub("", word)
        forms = {word, _strip_article(word)}
        if text and len(word) >= 3 and word[0] in "وفبلك":
            forms |= {word[1:], _strip_article(word[1:])}
        if text:
            for suffix in _PRONOUNS:  # خده "his cheek", بشرته "his skin" (ة becomes ت)
                for form in list(forms):
                    if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                        stem = form[:-len(suffix)]
                        forms |= {stem, stem[:-1] + "ة"} if stem.endswith("ت") else {stem}
        return self.stem(_strip_article(word)), frozenset(self.stem(f) for f in forms)

    def reading(self, surface: str) -> tuple[str, frozenset[str], str]:
        """(key, stems, primary) of a word of text as written: the key (casefolded,
        apostrophes normalised) for exact mode, every reading (see `_analyse`), and the
        reading of the word as written."""
        reading = self._readings.get(surface)
        if reading is None:
            if len(self._readings) >= 65536:
                self._readings.clear()
            primary, stems = self.analyse(surface, text=True)
            reading = self._readings[surface] = (surface.translate(_APOSTROPHES).casefold(), stems, primary)
        return reading

    def words(self, term: str) -> list[str]:
        return [m.group() for m in _WORD.finditer(term)]


def _strip_article(word: str) -> str:
    for prefix in _AL_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word



@functools.lru_cache(maxsize=64)
def language(code: str) -> Language:
    return Language(code)


@functools.lru_cache(maxsize=8192)
def term_signature(term: Term) -> tuple:
    """How `term` is matched: (mode, data); raises re.error for a bad regex."""
    lang = language(term.language)
    mode = term.match_mode or "stem"
    if mode == "regex":
        return ("regex", re.compile(term.text, re.I).pattern)
    if lang.unspaced:
        return ("substring", _fold_chars(term.text))
    if mode == "exact":
        return ("exact", tuple(w.translate(_APOSTROPHES).casefold() for w in lang.words(term.text)))
    readings = [lang.analyse(w, text=False) for w in lang.words(term.text)]
    return ("stem", tuple(keys for _, keys in readings), tuple(primary for primary, _ in readings))


def terms_collide(a: Term, b: Term) -> bool:
    """True when `a` and `b` (same language) would match the same words."""
    sa, sb = term_signature(a), term_signature(b)
    if sa[0] in ("stem", "exact") and sb[0] in ("stem", "exact"):
        ka, kb = _word_keys(sa, a.language), _word_keys(sb, b.language)
        return len(ka) == len(kb) > 0 and all(x & y for x, y in zip(ka, kb))
    return sa == sb


def _word_keys(signature: tuple, code: str) -> tuple[frozenset[str], ...]:
    if signature[0] == "stem":
        return signature[1]
    return tuple(language(code).keys(w, text=False) for w in signature[1])


def term_buckets(term: Term) -> tuple:
    """Cheap keys such that colliding terms share at least one (for pairwise checks)."""
    signature = term_signature(term)
    if signature[0] in ("stem", "exact"):
        keys = _word_keys(signature, term.language)
        return tuple(keys[0]) if keys else ()
    return (signature,)


class Matcher:
    """Finds the terms of some concepts in one language's text, longest match first.

    Which terms can start at a word depends on the word alone, so it is worked out once
    per distinct word (`_starts`) and a text costs a set look-up per word, made in C; the
    words' positions and readings are only worked out for texts where a term starts.
    Which multi-word terms go on from there depends on the next few words alone, so that
    too is worked out once per distinct run of words (`_match_window`).
    """

    #: how many later words (`_match_rest`) a matcher remembers at most.
    LATER_WORDS = 65536
    #: how many runs of words (`_match_window`) a matcher remembers at most: each keeps up
    #: to 1 + 3 * (words in a term - 1) of a text's words alive, so fewer than later words.
    WINDOWS = 8192
    #: how many pieces of text between spaces (`_words_of`) a matcher remembers at most.
    PIECES = 65536

    def __init__(self, entries: list[tuple[Concept, Term]], lang: Language) -> None:
        self.lang = lang
        self.entries: list[tuple[Concept, Term, tuple]] = []
        self.index: dict[str, list[tuple[Concept, Term, tuple]]] = {}
        self.heads: list[tuple[str, tuple[Concept, Term, tuple]]] = []
        #: entries found by scanning the text rather than through the token index.
        self.scanned: list[tuple[Concept, Term, tuple]] = []
        #: id of a concept -> its entries in `scanned`.
        self._scanned_of: dict[int, list[tuple[Concept, Term, tuple]]] = {}
        self._memo: dict[str, list[Hit]] = {}
        #: words as written whose `_starts` are known; those that start a term are in `_starters`.
        self._seen: set[str] = set()
        #: a word as written -> the entries that match it as their first word, with the rank.
        self._starters: dict[str, tuple[tuple[tuple[Concept, Term, tuple], int], ...]] = {}
        #: id of an entry -> its position in `entries` (the glossary's order).
        self._order: dict[int, int] = {}
        #: id of a multi-word entry -> for each word after the first, a word as written ->
        #: its `_read_later_word`.
        self._later_words: dict[int, tuple[dict[str, tuple[bool, int | None]], ...]] = {}
        self._later_size = 0  # words remembered in all of `_later_words`
        #: a starting word that a multi-word term may start with -> its `_starts`.
        self._first_words: dict[str, tuple] = {}
        #: words from a starting word on, as far as a term reaches -> their matches (`_match_window`).
        self._windows: dict[tuple[str, ...], tuple] = {}
        #: a piece of text between spaces -> its words, and its steps (`_starts_of_words`)
        #: unless it has no word (then it is in `_wordless`).
        self._piece_words: dict[str, tuple[str, ...]] = {}
        self._piece_steps: dict[str, tuple[int, ...]] = {}
        self._wordless: set[str] = set()
        for concept, term in entries:
            try:
                signature = term_signature(term)
            except re.error:
                continue  # lint reports it
            if signature[0] in ("exact", "stem") and not signature[1]:
                continue
            entry = (concept, term, signature)
            self._order[id(entry)] = len(self.entries)
            self.entries.append(entry)
            if signature[0] in ("exact", "stem"):
                self._later_words[id(entry)] = tuple({} for _ in signature[1][1:])
            if signature[0] in ("regex", "substring"):
                self.scanned.append(entry)
                self._scanned_of.setdefault(id(concept), []).append(entry)
            if signature[0] == "stem" and lang.compounding:
                self.heads.extend((k, entry) for k in signature[1][-1] if len(k) >= 4)
            if signature[0] == "exact":
                self.index.setdefault(signature[1][0], []).append(entry)
            elif signature[0] == "stem":
                for key in signature[1][0]:
                    self.index.setdefault(key, []).append(entry)
        self._folds = any(e[2][0] == "substring" for e in self.scanned)

    def find(self, text: str, only: dict[int, object] | None = None) -> list[Hit]:
        """Every hit in `text`, overlaps resolved longest first (equal spans all kept).

        Text is cut at its spaces, which no word holds, and each piece is split into
        words once per matcher (`_words_of`): most pieces recur from text to text, and
        a regex split costs far more than a look-up. Where the words start is only
        worked out for texts with a hit (`_starts_of_words`).

        With `only` (concepts by id), the hits of other concepts are dropped before
        overlaps are resolved: the hits are those of a matcher of only those concepts'
        terms, but one matcher serves every set of concepts and learns each word once.
        (Hits are found term by term, so dropping some changes no other; the order of
        same-span hits of different concepts may differ from such a matcher's.)
        """
        if self.scanned or self.lang.unspaced:
            parts = [text] if self.lang.unspaced else _split(text)
            surfaces = parts[1::2]
            bounds = list(accumulate(map(len, parts)))  # word i is text[bounds[2i]:bounds[2i + 1]]
            hits = self._scan(text, list(zip(bounds[0::2], bounds[1::2])), only)
        else:
            chunks = text.split(" ")
            surfaces = self._words_of(chunks)
            bounds = None  # worked out for texts with a hit (`_starts_of_words`)
            hits = []
        starters = self._learn(surfaces)
        # Token hits come in text order, so those that overlap form runs: a hit starting
        # after the furthest end so far opens a run (as in `_resolve_in_order`). A run is
        # resolved when the next one opens, so most hits, alone in their run, are
        # looked at once. Scanned hits come in no order: `_resolve` sorts them all.
        in_order = not self.scanned
        reach, run = -1, len(hits)  # hits[run:] is the open run
        for i in compress(count(), map(starters.__contains__, surfaces)):
            matches = starters[surfaces[i]]
            if matches.__class__ is int:  # a multi-word term may start here: read on
                window = tuple(surfaces[i:i + matches])
                matches = self._windows.get(window)
                if matches is None:
                    matches = self._match_window(window)
            if bounds is None:
                bounds = self._starts_of_words(text, chunks)
            start = bounds[2 * i]
            for entry, size, later, rank in matches:
                if only is not None and id(entry[0]) not in only:
                    continue
                if start > reach:
                    if in_order and len(hits) - run > 1:
                        hits[run:] = _resolve_group(hits[run:])
                    run = len(hits)
                end = bounds[2 * (i + later)] + len(surfaces[i + later])
                hits.append(_new_hit(Hit, (start, end, size, entry[0], entry[1], text[start:end], rank)))
                if end > reach:
                    reach = end
        if not in_order:
            return _resolve(hits)
        if len(hits) - run > 1:
            hits[run:] = _resolve_group(hits[run:])
        return hits

    def _words_of(self, chunks: list[str]) -> list[str]:
        """The words of the text cut into `chunks` at its spaces; new pieces are split
        and remembered (`_piece_words`, `_piece_steps`, `_wordless`).

        A space is no word character (nor one of `_MARKS`) and the word pattern looks
        neither behind nor past the end of what it matches, so the words of a text are
        those of its pieces in turn (tests check it on generated texts).
        """
        known = self._piece_words
        try:
            return list(chain.from_iterable(map(known.__getitem__, chunks)))
        except KeyError:
            if len(known) >= self.PIECES:
                known.clear()
                self._piece_steps.clear()
                self._wordless.clear()
            for chunk in set(chunks).difference(known):
                parts = _split(chunk)
                known[chunk] = tuple(parts[1::2])
                if len(parts) == 1:
                    self._wordless.add(chunk)
                else:  # the last step reaches past the piece's tail and its space
                    steps = list(map(len, parts[:-1]))
                    steps[-1] += len(parts[-1]) + 1
                    self._piece_steps[chunk] = tuple(steps)
            return list(chain.from_iterable(map(known.__getitem__, chunks)))

    def _starts_of_words(self, text: str, chunks: list[str]) -> list[int]:
        """Where the words of `text` start: word i at [2i] (see `_words_of`).

        Summed in C from each piece's steps: its lead, its first word, the gap to its
        second word… and from its last word to where the next piece starts. A piece
        without a word (rare) has no such steps: such a text is split whole.
        """
        if self._wordless.isdisjoint(chunks):
            return list(accumulate(chain.from_iterable(map(self._piece_steps.__getitem__, chunks))))
        return list(accumulate(map(len, _split(text))))

    def _scan(self, text: str, spans: list[tuple[int, int]], only: dict[int, object] | None) -> list[Hit]:
        """Hits of the regex and substring (unspaced script) entries (of `only`'s concepts)."""
        hits = []
        folded = _fold_chars(text) if self._folds else text
        scanned = self.scanned if only is None else [e for i in only for e in self._scanned_of.get(i, ())]
        for concept, term, (mode, data, *_) in scanned:
            if mode == "regex":
                for m in re.finditer(data, text, re.I):
                    if m.end() > m.start():
                        size = sum(1 for s, e in spans if s < m.end() and m.start() < e) or m.end() - m.start()
                        hits.append(Hit(m.start(), m.end(), size, concept, term, m.group()))
            elif mode == "substring":
                start = folded.find(data)
                while data and start >= 0:
                    end = start + len(data)
                    hits.append(Hit(start, end, len(data), concept, term, text[start:end]))
                    start = folded.find(data, start + 1)
        return hits

    def find_memo(self, text: str) -> list[Hit]:
        """`find`, remembering recent texts: a source unit is checked once per locale."""
        if text not in self._memo:
            if len(self._memo) >= 4096:
                self._memo.clear()
            self._memo[text] = self.find(text)
        return self._memo[text]

    def _learn(self, surfaces: list[str]) -> dict[str, tuple]:
        """`_starters`, knowing every word of `surfaces` (new words are worked out).

        The set difference finds the new words in C, so a text of known words costs no
        Python-level step per word.
        """
        if self._seen.issuperset(surfaces):  # the usual case: no set to build
            return self._starters
        unseen = set(surfaces).difference(self._seen)
        if unseen:
            if len(self._seen) + len(unseen) > 65536:
                self._seen.clear()
                self._starters.clear()
                self._first_words.clear()
                unseen = set(surfaces)
            self._seen |= unseen
            for surface in unseen:
                starts = self._starts(surface)
                if starts:
                    self._starters[surface] = self._plan(surface, starts)
        return self._starters

    def _starts(self, surface: str) -> tuple[tuple[tuple[Concept, Term, tuple], int], ...]:
        """(entry, rank) of each entry whose first word `surface` matches, in glossary order.

        Candidates come from the index by the word and its stems, and in compounding
        languages from the heads found inside its stems; the first word is then matched
        as `_match_rest` matches the others (rank 0: primary stem, 1: fallback, 2: compound).
        """
        word, stems, primary = self.lang.reading(surface)
        index = self.index
        candidates = {id(e): e for e in index.get(word, ())}
        for key in stems:
            if key in index:
                candidates.update((id(e), e) for e in index[key])
        if self.heads:  # a term's stem inside a longer word: maybe a compound
            candidates.update((id(e), e) for k, e in self.heads if any(k in s for s in stems))
        starts = []
        # In glossary order, not the stems' (hash-seeded) set order: when two terms
        # claim one span, the first is the one a message names, run after run.
        for entry in sorted(candidates.values(), key=lambda e: self._order[id(e)]):
            mode, data = entry[2][0], entry[2][1]
            want = data[0]
            if mode == "exact":
                if word != want:
                    continue
                rank = 0
            elif stems & want:
                rank = 0 if primary == entry[2][2][0] else 1
            elif self.lang.compounding and len(data) == 1 and _in_compound(stems, want, prefix=True):
                rank = 2
            else:
                continue
            starts.append((entry, rank))
        return tuple(starts)

    def _plan(self, surface: str, starts: tuple) -> tuple | int:
        """What a text's word `surface` starts: its matches (entry, size, words after the
        first, rank) when every term it starts is one word long, else how many words from
        it on decide them (each later word may follow two skipped articles)."""
        reach = max(len(entry[2][1]) for entry, _ in starts)
        if reach == 1:
            return tuple((entry, 1, 0, rank) for entry, rank in starts)
        self._first_words[surface] = starts
        return 1 + 3 * (reach - 1)

    def _match_window(self, window: tuple[str, ...]) -> tuple:
        """The matches (entry, size, words after the first, rank) of the terms starting
        at `window[0]`, in glossary order; `window` holds every word they may read."""
        if len(self._windows) >= self.WINDOWS:
            self._windows.clear()
        matches = []
        words = list(window)
        for entry, rank in self._first_words[window[0]]:
            size = len(entry[2][1])
            if size == 1:
                matches.append((entry, 1, 0, rank))
                continue
            matched = self._match_rest(words, 0, entry, rank)
            if matched is not None:
                matches.append((entry, size, matched[0], matched[1]))
        matches = self._windows[window] = tuple(matches)
        return matches

    def _match_rest(self, surfaces: list[str], i: int, entry: tuple, rank: int) -> tuple[int, int] | None:
        """(index of the last word, rank) when the term whose first word is word i goes on.

        Between the words of a stemmed term, up to two articles are skipped
        ("incision et un drainage"); in compounding languages the last word may be a
        compound's head. Rank 0: every word matched on its primary stem; 1: on a
        fallback; 2: compound. How a word fares as the term's n-th word depends on the
        word alone, so it is worked out once (`_read_later_word`) and then looked up.
        """
        signature = entry[2]
        j = i
        for n, outcomes in enumerate(self._later_words[id(entry)], 1):
            j += 1
            skipped = 0
            while True:
                if j >= len(surfaces):
                    return None
                outcome = outcomes.get(surfaces[j])
                if outcome is None:
                    self._forget_later_words_when_full()
                    outcome = outcomes[surfaces[j]] = self._read_later_word(surfaces[j], signature, n)
                article, word_rank = outcome
                if article and skipped < 2:
                    j, skipped = j + 1, skipped + 1
                else:
                    break
            if word_rank is None:
                return None
            if word_rank > rank:
                rank = word_rank
        return j, rank

    def _forget_later_words_when_full(self) -> None:
        """Count one more remembered later word; past `LATER_WORDS` in all (not per term:
        a big glossary has thousands of term positions), forget them all."""
        self._later_size += 1
        if self._later_size > self.LATER_WORDS:
            for outcomes in self._later_words.values():
                for remembered in outcomes:
                    remembered.clear()
            self._later_size = 1

    def _read_later_word(self, surface: str, signature: tuple, n: int) -> tuple[bool, int | None]:
        """(whether `surface` is an article a stemmed term may skip there, the rank it
        matches the term's n-th word with or None): see `_match_rest`."""
        mode, want = signature[0], signature[1][n]
        word, stems, primary = self.lang.reading(surface)
        article = mode == "stem" and word in self.lang.articles and not stems & want
        if mode == "exact":
            return article, 0 if word == want else None
        if stems & want:
            return article, 0 if primary == signature[2][n] else 1
        if self.lang.compounding and n == len(signature[1]) - 1 and _in_compound(stems, want, prefix=False):
            return article, 2
        return article, None


def _in_compound(stems: frozenset[str], keys: frozenset[str], *, prefix: bool) -> bool:
    """A stem of four letters or more that ends (or begins) a longer compound's stem."""
    return any(len(k) >= 4 and len(s) - len(k) >= 3 and (s.endswith(k) or (prefix and s.startswith(k)))
               for k in keys for s in stems)


def _resolve(hits: list[Hit]) -> list[Hit]:
    """The hits that win their span: longest (in words, then characters) first, then
    best ranked, then leftmost; a hit overlapping a kept one is dropped, unless it has
    exactly the span of kept ones none of which ranks better."""
    if len(hits) < 2:
        return hits
    # A stable sort: hits sharing a span keep their order, which breaks their ties.
    return _resolve_in_order(sorted(hits, key=_SPAN))


def _resolve_in_order(hits: list[Hit]) -> list[Hit]:
    """`_resolve` for hits in the order of their starts.

    Whether a hit is kept depends only on the hits it overlaps or shares its span
    with, so the hits are cut into runs that no hit reaches across, and each run is
    resolved alone: most runs are one hit, kept as it is. (Fields are read by index,
    `hit[0]` the start and `hit[1]` the end: by name they cost a call each.)
    """
    runs = [[hits[0]]]
    reach = hits[0][1]
    for hit in hits[1:]:
        if hit[0] > reach:
            runs.append([hit])
        else:
            runs[-1].append(hit)
        reach = max(reach, hit[1])
    return [hit for run in runs for hit in _resolve_group(run)]


def _resolve_group(run: list[Hit]) -> list[Hit]:
    """`_resolve` for one run of `_resolve_in_order`, its hits in the order of their starts."""
    return run if len(run) == 1 else _resolve_pair(*run) if len(run) == 2 else _resolve_run(run)


def _resolve_pair(a: Hit, b: Hit) -> list[Hit]:
    """`_resolve_run` for two hits, `a` starting first (most runs are two: a word and a
    longer term around it). The one first in `_resolve_run`'s order is kept; the other
    too if it shares the span and the rank, or does not overlap it; then by position."""
    if (-a[2], a[0] - a[1], a[6], a[0]) <= (-b[2], b[0] - b[1], b[6], b[0]):
        first, second = a, b
    else:
        first, second = b, a
    if first[0] == second[0] and first[1] == second[1]:
        if second[6] > first[6]:
            return [first]
    elif first[0] < second[1] and second[0] < first[1]:
        return [first]
    return [first, second] if first[:2] <= second[:2] else [second, first]


def _resolve_run(hits: list[Hit]) -> list[Hit]:
    """`_resolve` for hits that overlap."""
    # Decorated with the position, so that ties keep their order and hits are never compared.
    order = sorted([(-size, start - end, rank, start, n, end)
                    for n, (start, end, size, _, _, _, rank) in enumerate(hits)])
    best: dict[tuple[int, int], int] = {}  # span of kept hits -> the best rank kept on it
    kept: list[tuple[int, int, int, int]] = []  # (start, end, when kept, position)
    for _, _, rank, start, n, end in order:
        span = (start, end)
        if span in best:
            if best[span] < rank:
                continue
        elif any(s < end and start < e for s, e in best):
            continue
        best[span] = rank
        kept.append((start, end, len(kept), n))
    kept.sort()
    return [hits[n] for _, _, _, n in kept]


_SPAN = operator.itemgetter(0, 1)  # (start, end) of a Hit


def plain_text(text: str) -> str:
    """`text` with placeholder tags removed (their content kept; void tags become spaces).

    A tag starts with "<": a text without one is only normalised (most units).
    """
    if "<" in text:
        text = TAG_PATTERN.sub(_untag, text)
    return unicodedata.normalize("NFC", text)


def _untag(tag: re.Match) -> str:
    return " " if tag.group(3) else ""


_LANGUAGE_MATCHERS: dict[tuple[int, str], tuple[weakref.ref, Matcher]] = {}


def _language_matcher(glossary: Glossary, code: str) -> Matcher:
    """The matcher for every term of a language, built once per glossary object: for the
    source language, and with `Matcher.find`'s `only` for the target language."""
    key = (id(glossary), code)
    cached = _LANGUAGE_MATCHERS.get(key)
    if cached is None or cached[0]() is not glossary:
        entries = [(c, t) for c in glossary.concepts for t in c.terms_in(code)]
        # The callback holds the dict itself: at exit, module globals may already be None.
        cached = (weakref.ref(glossary, lambda _, k=key, known=_LANGUAGE_MATCHERS: known.pop(k, None)),
                  Matcher(entries, language(code)))
        _LANGUAGE_MATCHERS[key] = cached
    return cached[1]


_PER_GLOSSARY: dict[tuple, object] = {}
_PER_GLOSSARY_OWNERS: dict[int, weakref.ref] = {}


def _per_glossary(glossary: Glossary, key: tuple, build):
    """`build()`, remembered for `glossary` under `key`: the same few concepts recur in
    unit after unit, and what is built for them (matchers, the wanted terms) costs more
    to build than to use."""
    owner = _PER_GLOSSARY_OWNERS.get(id(glossary))
    if owner is None or owner() is not glossary:
        for stale in [k for k in _PER_GLOSSARY if k[0] == id(glossary)]:
            del _PER_GLOSSARY[stale]
        _PER_GLOSSARY_OWNERS[id(glossary)] = weakref.ref(glossary)
    key = (id(glossary), *key)
    value = _PER_GLOSSARY.get(key)
    if value is None:
        if len(_PER_GLOSSARY) >= 4096:
            _PER_GLOSSARY.clear()
        value = _PER_GLOSSARY[key] = build()
    return value


class _LocalePair:
    """What checking translations from one locale into another needs from a glossary:
    built once per pair of locales and kept with the glossary (`Glossary._locale_pairs`)."""

    #: how many source texts (`outline`) and sets of concepts (`wanted`) are remembered.
    REMEMBERED = 4096

    def __init__(self, glossary: Glossary, source_locale: str, target_locale: str) -> None:
        source_code = glossary.resolve_language(source_locale)
        self.target_code = glossary.resolve_language(target_locale)
        self.source = None if source_code is None else _language_matcher(glossary, source_code)
        self.target = None if self.target_code is None else _language_matcher(glossary, self.target_code)
        self._outlines: dict[str, tuple] = {}
        self._wanted: dict[tuple[int, ...], list[tuple]] = {}

    def outline(self, source_text: str) -> tuple[dict[int, tuple[Concept, Hit]], set[int], list[Hit]]:
        """What the terms of `source_text` ask of a translation: the concepts it must
        name (by id, each with its first acceptable hit), the concepts also named by a
        lay (deprecated) term, and the do-not-translate hits. Remembered per text: a
        source unit is checked once per locale. (Callers must not change them.)"""
        outline = self._outlines.get(source_text)
        if outline is None:
            required: dict[int, tuple[Concept, Hit]] = {}
            lay: set[int] = set()
            dnt: list[Hit] = []
            for hit in self.source.find(source_text):
                if hit.concept.do_not_translate:
                    dnt.append(hit)
                elif hit.term.acceptable:
                    required.setdefault(id(hit.concept), (hit.concept, hit))
                else:
                    lay.add(id(hit.concept))
            if len(self._outlines) >= self.REMEMBERED:
                self._outlines.clear()
            outline = self._outlines[source_text] = (required, lay, dnt)
        return outline

    def wanted(self, required: dict[int, tuple[Concept, Hit]]) -> list[tuple]:
        """For each concept of `required`, (the terms a translation should use, whether
        other acceptable terms exist): the same few sets of concepts recur unit after unit."""
        key = tuple(required)
        wanted = self._wanted.get(key)
        if wanted is None:
            wanted = []
            for concept, _ in required.values():
                terms = concept.terms_in(self.target_code)
                preferred = [t for t in terms if t.status == "preferred"] or [t for t in terms if t.acceptable]
                wanted.append((preferred, any(t.acceptable and t not in preferred for t in terms)))
            if len(self._wanted) >= self.REMEMBERED:
                self._wanted.clear()
            self._wanted[key] = wanted
        return wanted


def _rejected_matcher(glossary: Glossary, code: str, rejected: list[tuple[Concept, Term]]) -> Matcher:
    """The matcher for some deprecated target terms, to look for them in the source."""
    rejected = list({(id(c), id(t)): (c, t) for c, t in rejected}.values())
    return _per_glossary(glossary, ("rejected", code, *(id(t) for _, t in rejected)),
                         lambda: Matcher(rejected, language(code)))


def _quoted(terms) -> str:
    return " or ".join(f'"{t.text}"' for t in terms)


def glossary_findings(glossary: Glossary, *, source: str, translation: str, source_locale: str,
                      target_locale: str, location: Location) -> list[Finding]:
    """Term problems of one translation: glossary-missing, -deprecated and -dnt errors.

    :param source: the source text (msgid), placeholders allowed.
    :param translation: its translation (msgstr); empty means untranslated: no findings.
    :param source_locale: gettext or BCP 47 code, e.g. ``en``.
    :param target_locale: e.g. ``pt_BR`` or ``pt-BR``; a missing region falls back.
    :param location: where the findings point (the PO entry).
    """
    pair = glossary._locale_pairs.get((source_locale, target_locale))
    if pair is None:
        pair = glossary._locale_pairs[(source_locale, target_locale)] = _LocalePair(glossary, source_locale,
                                                                                    target_locale)
    if pair.source is None or not translation.strip():
        return []
    source_text, target_text = plain_text(source), plain_text(translation)
    required, lay, dnt = pair.outline(source_text)
    found: list[tuple[int, Finding]] = []
    dnt_seen: set[str] = set()
    for hit in dnt:
        if hit.surface not in dnt_seen and hit.surface not in target_text:
            dnt_seen.add(hit.surface)
            found.append((hit.start, _dnt_finding(hit, target_text, location)))
    if pair.target is None or not required:
        return [f for _, f in sorted(found, key=lambda p: p[0])]
    accepted: set[int] = set()  # concepts the translation names with an acceptable term
    valid_spans: set[tuple[int, int]] = set()
    rejected: list[Hit] = []
    for h in pair.target.find(target_text, only=required):
        if h.term.acceptable:
            accepted.add(id(h.concept))
            valid_spans.add((h.start, h.end))
        else:
            rejected.append(h)
    if not found and _nothing_to_report(required, accepted, rejected):
        return []
    target_code, wanted = pair.target_code, pair.wanted(required)
    # A false friend the source itself names ("not to be confused with miliaria") is
    # no error in the translation: look for the deprecated terms in the source too.
    named = {id(h.term) for h in _rejected_matcher(glossary, target_code, [(h.concept, h.term) for h in rejected])
             .find(source_text)} if rejected else set()
    for (concept, source_hit), (preferred, admitted) in zip(required.values(), wanted):
        if not preferred:
            continue
        ok = id(concept) in accepted
        bad = [h for h in rejected if h.concept is concept
               and (h.start, h.end) not in valid_spans and id(h.term) not in named]
        if bad and id(concept) not in lay:
            reported = set()
            for h in bad:
                if h.surface.casefold() in reported:
                    continue
                reported.add(h.surface.casefold())
                shown = f'"{h.surface}"' + ("" if h.surface.casefold() == h.term.text.casefold()
                                           else f' (glossary: "{h.term.text}")')
                found.append((source_hit.start, Finding(
                    location, Severity.ERROR,
                    f'{h.term.status} term {shown} for "{source_hit.term.text}"; use {_quoted(preferred)}',
                    "glossary-deprecated")))
        elif not ok:
            if admitted:
                tail = "found neither it nor an admitted term" if len(preferred) == 1 else \
                    "found none of them nor an admitted term"
            else:
                tail = "not found"
            found.append((source_hit.start, Finding(
                location, Severity.ERROR,
                f'"{source_hit.term.text}" should be translated as {_quoted(preferred)} ({tail})',
                "glossary-missing")))
    return [f for _, f in sorted(found, key=lambda p: p[0])]


def _nothing_to_report(required: dict[int, object], accepted: set[int], rejected: list[Hit]) -> bool:
    """True when the translation names every required concept and no deprecated term:
    then `glossary_findings` has no finding to make (a deprecated term is reported only
    when there is one; a term is missing only when its concept is not accepted), and it
    needs neither the wanted terms nor the source's false friends."""
    return not rejected and accepted.issuperset(required)


def _dnt_finding(hit: Hit, target_text: str, location: Location) -> Finding:
    """Name what the translation has instead, when a case/accent-blind search finds it."""
    folded, needle = _fold_chars(target_text), _fold_chars(hit.surface)
    at = folded.find(needle)
    tail = f'; found "{target_text[at:at + len(needle)]}"' if at >= 0 and needle else "; not found"
    return Finding(location, Severity.ERROR, f'do-not-translate term "{hit.surface}" must appear verbatim{tail}',
                   "glossary-dnt")


def catalog_findings(glossary: Glossary, catalog, *, path: str, source_locale: str = "en",
                     target_locale: str | None = None) -> list[Finding]:
    """Glossary findings for every translated entry of a polib catalog.

    Untranslated, fuzzy and obsolete entries are skipped, and so are entries flagged
    ``#, ignore-glossary`` (Weblate's flag) by a translator who verified a false alarm.
    Each finding is located at the entry's first line.
    """
    target = target_locale or catalog.metadata.get("Language", "")
    findings: list[Finding] = []
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags or IGNORE_FLAG in entry.flags:
            continue
        if entry.msgid_plural:
            pairs = [(entry.msgid if n == 0 else entry.msgid_plural, s)
                     for n, s in sorted(entry.msgstr_plural.items())]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        where = Location(path, entry.linenum)
        for source, translation in pairs:
            for finding in glossary_findings(glossary, source=source, translation=translation,
                                             source_locale=source_locale, target_locale=target, location=where):
                if finding not in findings:
                    findings.append(finding)
    return findings
