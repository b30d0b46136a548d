"""`plain_text` leaves the tag pattern alone on texts without "<": the result must be what
removing the tags (the general path) and normalising gives, tags or not."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale.placeholders import TAG_PATTERN
from milialocale.terms import plain_text

_BITS = ["<b>", "</b>", "<br/>", "<time/>", "<x1>", "< b>", "<", ">", "/", "a", " ", "e\u0301", "é", "\u212b", "ﬁ"]


def _general(text: str) -> str:
    return unicodedata.normalize("NFC", TAG_PATTERN.sub(lambda m: " " if m.group(3) else "", text))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_BITS), max_size=20).map("".join), st.text(max_size=30)))
def test_plain_text_is_the_general_untagging(text):
    assert plain_text(text) == _general(text)


def test_plain_text_removes_tags_and_composes():
    assert plain_text("Cafe\u0301 <b>noir</b><br/>fin") == "Café noir fin"
    assert plain_text("Cafe\u0301 noir") == "Café noir"
