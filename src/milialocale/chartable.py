"""A per-character memo for hot loops over text.

Line breaking and width measuring ask Unicode questions about every character of
every string, but a text repeats a few hundred distinct characters: a dict lookup
(`table[char]`, or `map(table.__getitem__, text)`) then costs less than a call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class CharTable(dict, Generic[V]):
    """char -> compute(char), each computed once, on first use.

    >>> upper = CharTable(str.upper)
    >>> upper["a"], len(upper)
    ('A', 1)
    """

    def __init__(self, compute: Callable[[str], V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, char: str) -> V:
        value = self[char] = self._compute(char)
        return value
