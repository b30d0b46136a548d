"""Placeholders: the only markup a translator sees, and the parser that validates it.

A unit's inline elements become bare tags such as ``<strong>…</strong>``, ``<a1>…</a1>``
or ``<br/>``. A translation is parsed back into a tree of text and placeholders; only
names the source unit defines are tags, everything else is literal text, so nothing a
translator writes can become markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Placeholder

TAG_PATTERN = re.compile(r"<(/?)([a-z][a-z0-9]*)(/?)>")

#: A parsed translation: text and (placeholder, children) pairs, in order.
Node = "str | PlaceholderNode"


@dataclass(slots=True)
class PlaceholderNode:
    placeholder: Placeholder
    children: list  # list[str | PlaceholderNode]


class PlaceholderError(ValueError):
    """A translation's placeholders do not match its source unit."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def placeholder_names(text: str) -> list[str]:
    """Every tag-shaped token in `text`, as written (``a1``, ``/a1``, ``br/``)."""
    return [m.group(1) + m.group(2) + m.group(3) for m in TAG_PATTERN.finditer(text)]


def parse_translation(text: str, placeholders: tuple[Placeholder, ...], source: str = "") -> list:
    """Parse `text` into a tree, or raise PlaceholderError listing every problem.

    Reordering is allowed; each placeholder must appear exactly once, balanced, with the
    same parent placeholder as in the source (so nesting is verified, order is not).
    Tag-shaped text that the source also has literally stays literal text.
    """
    if not placeholders and "<" not in text:
        return [text] if text else []  # what the general case gives, for most units
    by_name = {p.name: p for p in placeholders}
    literal: Counter[str] | None = None  # the source's tag-shaped text, read at the first unknown tag
    root: list = []
    stack: list[tuple[Placeholder | None, list]] = [(None, root)]
    seen: Counter[str] = Counter()
    parents: dict[str, str | None] = {}
    problems: list[str] = []
    position = 0

    def add_text(chunk: str) -> None:
        if chunk:
            children = stack[-1][1]
            if children and isinstance(children[-1], str):
                children[-1] += chunk
            else:
                children.append(chunk)

    for match in TAG_PATTERN.finditer(text):
        closing, name, selfclosing = match.groups()
        token = closing + name + selfclosing
        add_text(text[position:match.start()])
        position = match.end()
        placeholder = by_name.get(name)
        if placeholder is None:
            if literal is None:
                literal = Counter(t for t in placeholder_names(source) if t.strip("/") not in by_name)
            if literal[token] > 0:
                literal[token] -= 1
                add_text(match.group())
            else:
                problems.append(f"unknown placeholder {match.group()}")
            continue
        if closing and selfclosing:
            problems.append(f"malformed placeholder {match.group()}")
            continue
        if placeholder.void != bool(selfclosing) and not closing:
            expected = f"<{name}/>" if placeholder.void else f"<{name}>…</{name}>"
            problems.append(f"{match.group()} should be written {expected}")
            continue
        if closing:
            if placeholder.void:
                problems.append(f"{match.group()} closes a placeholder that has no content")
            elif stack[-1][0] is not None and stack[-1][0].name == name:
                stack.pop()
            else:
                problems.append(f"{match.group()} does not close an open placeholder")
            continue
        seen[name] += 1
        parents[name] = stack[-1][0].name if stack[-1][0] is not None else None
        node = PlaceholderNode(placeholder, [])
        stack[-1][1].append(node)
        if not placeholder.void:
            stack.append((placeholder, node.children))
    add_text(text[position:])
    for placeholder, _ in stack[1:]:
        problems.append(f"<{placeholder.name}> is not closed")
    for p in placeholders:
        if seen[p.name] == 0:
            problems.append(f"missing placeholder {_display(p)}")
        elif seen[p.name] > 1:
            problems.append(f"placeholder {_display(p)} appears {seen[p.name]} times")
    if not problems:
        source_parents = _parents(source, by_name)
        for name, parent in parents.items():
            if name in source_parents and source_parents[name] != parent:
                where = f"inside <{parent}>" if parent else "at the top level"
                problems.append(f"<{name}> is {where}; in the source it is "
                                + (f"inside <{source_parents[name]}>" if source_parents[name]
                                   else "at the top level"))
    if problems:
        raise PlaceholderError(problems)
    return root


def _display(p: Placeholder) -> str:
    return f"<{p.name}/>" if p.void else f"<{p.name}>"


def _parents(source: str, by_name: dict[str, Placeholder]) -> dict[str, str | None]:
    """Parent placeholder of each placeholder in the (well-formed) source text."""
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for match in TAG_PATTERN.finditer(source):
        closing, name, selfclosing = match.groups()
        if name not in by_name:
            continue
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
            continue
        parents[name] = stack[-1] if stack else None
        if not selfclosing:
            stack.append(name)
    return parents


def plain_text(tree: list) -> str:
    """The text of a parsed translation with every placeholder dropped (content kept)."""
    out = []
    for node in tree:
        if isinstance(node, str):
            out.append(node)
        elif node.placeholder.protected is not None:
            out.append(node.placeholder.protected)
        else:
            out.append(plain_text(node.children))
    return "".join(out)


def strip_placeholders(text: str) -> str:
    """`text` without tag-shaped tokens, for word counts and term matching.

    >>> strip_placeholders("<strong>Neonatal milia:</strong> These are")
    'Neonatal milia: These are'
    """
    return TAG_PATTERN.sub("", text)


_DESCRIBED = re.compile(r"<([a-z][a-z0-9]*)(/?)>\s*([^;]*)")
_DATE = re.compile(r"\bthe date (\S+), ")


def placeholders_from_text(text: str, comment: str = "") -> tuple[Placeholder, ...]:
    """The placeholders of a msgid, for checks that see only PO text.

    Every balanced ``<name>…</name>`` pair is a paired placeholder, every ``<name/>`` a
    void one. When the extracted `comment` has a ``placeholders:`` line (as milialocale
    writes it), only the names listed there count; those it marks "do not translate its
    content" are protected with the content the msgid shows, so tag-shaped text that a
    page merely talks about stays literal.

    >>> [(p.name, p.void, p.protected) for p in placeholders_from_text("<a1>x</a1> <br/>")]
    [('a1', False, None), ('br', True, None)]
    >>> placeholders_from_text("by <span>Ann Lee</span>", "placeholders: <span> text span, "
    ...                        "do not translate its content")[0].protected
    'Ann Lee'
    """
    described: dict[str, str] | None = None
    # (most comments have no such line: the substring test spares splitting them)
    for line in comment.splitlines() if "placeholders:" in comment else ():
        if line.startswith("placeholders:"):
            described = described or {}
            for name, _, description in _DESCRIBED.findall(line):
                described.setdefault(name, description)
    if comment and described is None and "element:" in comment:
        return ()  # a milialocale unit without placeholders: every tag is literal
    if "<" not in text:
        return ()  # no tag at all (what the search below finds then)
    found: dict[str, Placeholder] = {}
    open_at: dict[str, list[int]] = {}
    for match in TAG_PATTERN.finditer(text):
        closing, name, void = match.groups()
        if name in found or (described is not None and name not in described):
            continue
        tag = name.rstrip("0123456789") or name
        if void and not closing:
            date = _DATE.search(described.get(name, "")) if described else None
            found[name] = Placeholder(name, tag, void=True, date=date.group(1) if date else None)
        elif not closing:
            open_at.setdefault(name, []).append(match.end())
        elif open_at.get(name):
            content = text[open_at[name][0]:match.start()]
            protected = described is not None and "do not translate its content" in described[name]
            found[name] = Placeholder(name, tag, protected=content.strip() if protected else None)
    order = {name: text.find(f"<{name}/>" if p.void else f"<{name}>") for name, p in found.items()}
    return tuple(sorted(found.values(), key=lambda p: order[p.name]))
