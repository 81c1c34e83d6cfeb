"""Render a numpydoc docstring as Markdown, for the API reference pages written by refdocs.py.

A small parser for the subset of numpydoc and reStructuredText that socius's docstrings use:
sections underlined with dashes; ``name : type`` items; inline roles (``:func:`x```), double
backquotes and ``:math:``; ``.. math::`` blocks; ``::`` literal blocks; ``.. [1]`` citations;
and doctest examples, which stay in doctest form in fenced ``pycon`` blocks so that they can be
run from the page.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

ITEM_SECTIONS = ("Parameters", "Other Parameters", "Attributes", "Receives")
RETURN_SECTIONS = ("Returns", "Yields")
ERROR_SECTIONS = ("Raises", "Warns")
TEXT_SECTIONS = ("Notes", "References", "Examples", "Warnings", "Methods")
SECTIONS = (*ITEM_SECTIONS, *RETURN_SECTIONS, *ERROR_SECTIONS, *TEXT_SECTIONS, "See Also")

# A resolver turns a dotted name from a role or See Also into a Markdown link, or None.
Resolver = Callable[[str], "str | None"]

ROLE = re.compile(r":(?:py:)?(\w+):`([^`]+)`")
LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s")
CITATION = re.compile(r"^\.\. \[([^\]]+)\]\s*(.*)$")
DIRECTIVE = re.compile(r"^\.\. (\w[\w-]*)::\s*(.*)$")
ITEM_HEAD = re.compile(r"^(?P<name>[^:]+?)\s*:(?:\s+(?P<type>.*))?$")


def split_sections(doc: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Split a cleaned docstring into its leading text and its titled sections.

    A title is a line underlined with dashes: a numpydoc section, or any other title whose
    underline has its length (rendered as free text).
    """
    lines = doc.splitlines()
    head: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        title = line.strip()
        underlined = re.fullmatch(r"-{3,}", nxt) and (title in SECTIONS or len(nxt) == len(title))
        if title and not line[0].isspace() and underlined:
            sections.append((line.strip(), []))
            i += 2
            continue
        (sections[-1][1] if sections else head).append(line)
        i += 1
    return head, sections


def inline(text: str, resolve: Resolver) -> str:
    """Convert reST inline markup to Markdown: roles, double backquotes and math."""

    def role(match: re.Match[str]) -> str:
        kind, target = match.group(1), match.group(2)
        if kind == "math":
            return f"${target}$"
        titled = re.fullmatch(r"(.+?)\s*<(.+)>", target)
        title, target = (titled.group(1), titled.group(2)) if titled else (None, target)
        short = target.lstrip("~")
        shown = title or (short.rsplit(".", 1)[-1] if target.startswith("~") else short)
        if kind in {"func", "meth"} and not shown.endswith(")") and title is None:
            shown += "()"
        link = resolve(short)
        return f"[`{shown}`]({link})" if link else f"`{shown}`"

    text = ROLE.sub(role, text)
    text = re.sub(r"``(.+?)``", r"`\1`", text, flags=re.S)
    return re.sub(r"`([^`<>]+?) <(https?://[^>]+)>`__?", r"[\1](\2)", text)


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Group text lines into ("text" | "doctest" | "math" | "literal" | "cite", lines) blocks."""
    out: list[tuple[str, list[str]]] = []
    i = 0
    n = len(lines)

    def indented_from(j: int, base: int) -> tuple[list[str], int]:
        body: list[str] = []
        while j < n and (not lines[j].strip() or _indent(lines[j]) > base):
            body.append(lines[j])
            j += 1
        while body and not body[-1].strip():
            body.pop()
        return textwrap.dedent("\n".join(body)).splitlines(), j

    while i < n:
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(">>>"):
            body = []
            while i < n and lines[i].strip():
                body.append(lines[i])
                i += 1
            out.append(("doctest", textwrap.dedent("\n".join(body)).splitlines()))
            continue
        directive = DIRECTIVE.match(stripped)
        if directive:
            body, i = indented_from(i + 1, _indent(line))
            first = [directive.group(2)] if directive.group(2) else []
            kind = "math" if directive.group(1) == "math" else "literal"
            out.append((kind, [*first, *[b for b in body if b.strip() or kind == "literal"]]))
            continue
        cite = CITATION.match(stripped)
        if cite:
            body, i = indented_from(i + 1, _indent(line))
            out.append(("cite", [f"[{cite.group(1)}] {cite.group(2)}", *body]))
            continue
        if stripped.endswith("::") and stripped != "::" and i + 1 < n:
            out.append(("text", [line[: line.rindex("::")] + ":"]))
            body, i = indented_from(i + 1, _indent(line))
            out.append(("literal", body))
            continue
        out.append(("text", [line]))
        i += 1
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def render_text(lines: list[str], resolve: Resolver) -> str:
    """Free text (with doctests, math and literal blocks) as Markdown."""
    parts: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append(inline("\n".join(paragraph), resolve))
            paragraph.clear()

    for kind, body in _blocks(lines):
        if kind == "text":
            line = body[0]
            if not line.strip():
                flush()
            elif LIST_ITEM.match(line) and _indent(line) >= 2:
                paragraph.append("  " + line.strip())
            else:
                paragraph.append(line.strip())
            continue
        flush()
        if kind == "doctest":
            parts.append("```pycon\n" + "\n".join(body) + "\n```")
        elif kind == "math":
            parts.append("```math\n" + "\n".join(b.strip() for b in body) + "\n```")
        elif kind == "literal":
            parts.append("```text\n" + "\n".join(body) + "\n```")
        else:
            parts.append(inline(" ".join(b.strip() for b in body if b.strip()), resolve))
    flush()
    return "\n\n".join(p for p in parts if p.strip())


def _items(lines: list[str]) -> list[tuple[str, str, list[str]]]:
    """``name : type`` heads at the left margin, each with its indented description."""
    items: list[tuple[str, str, list[str]]] = []
    for line in lines:
        if line.strip() and not line[0].isspace():
            head = ITEM_HEAD.match(line.strip())
            if head and head.group("type") is not None:
                items.append((head.group("name"), head.group("type").strip(), []))
            else:
                items.append((line.strip().rstrip(":"), "", []))
        elif items:
            items[-1][2].append(line)
    return [(name, typ, textwrap.dedent("\n".join(desc)).splitlines()) for name, typ, desc in items]


def _bullet(label: str, desc: list[str], resolve: Resolver) -> str:
    body = render_text(desc, resolve)
    if not body:
        return f"- {label}"
    first, _, rest = body.partition("\n")
    if first.startswith("```"):
        first, rest = "", body
    text = f"- {label}: {first}" if first else f"- {label}:"
    if rest:
        text += "\n" + textwrap.indent(rest, "  ", lambda s: bool(s.strip()))
    return text


def _type_text(typ: str, resolve: Resolver) -> str:
    return inline(typ, resolve) if "`" in typ else typ


def render_items(
    title: str,
    lines: list[str],
    resolve: Resolver,
    annotations: dict[str, str],
) -> str:
    """A Parameters / Returns / Raises / Attributes section as a bullet list."""
    bullets = []
    for name, typ, desc in _items(lines):
        if title in ERROR_SECTIONS or (title in RETURN_SECTIONS and not typ):
            label = _code_or_inline(name, resolve)  # an exception, or a return given by type only
        else:
            typ = typ or annotations.get(name.lstrip("*"), "")
            label = f"`{name}`" + (f" ({_type_text(typ, resolve)})" if typ else "")
        bullets.append(_bullet(label, desc, resolve))
    return "\n".join(bullets)


def _code_or_inline(text: str, resolve: Resolver) -> str:
    if "`" in text:
        return inline(text, resolve)
    link = resolve(text)
    return f"[`{text}`]({link})" if link else f"`{text}`"


def render_see_also(lines: list[str], resolve: Resolver) -> str:
    """See Also entries (``name, other : description``) as linked bullets."""
    bullets = []
    for name, typ, desc in _items(lines):
        names = [n.strip() for n in ROLE.sub(r"\2", name).split(",") if n.strip()]
        label = ", ".join(_code_or_inline(n.lstrip("~"), resolve) for n in names)
        bullets.append(_bullet(label, [typ, *desc] if typ else desc, resolve))
    return "\n".join(bullets)


def render_sections(
    sections: list[tuple[str, list[str]]], resolve: Resolver, annotations: dict[str, str]
) -> str:
    """The titled sections, each under a bold title."""
    parts = []
    for title, lines in sections:
        if title in (*ITEM_SECTIONS, *RETURN_SECTIONS, *ERROR_SECTIONS):
            body = render_items(title, lines, resolve, annotations)
        elif title == "See Also":
            body = render_see_also(lines, resolve)
        else:
            body = render_text(textwrap.dedent("\n".join(lines)).splitlines(), resolve)
        if body.strip():
            parts.append(f"**{title}**\n\n{body}")
    return "\n\n".join(parts)


def render(doc: str, resolve: Resolver, annotations: dict[str, str] | None = None) -> str:
    """The whole docstring as Markdown: the text, then each section under a bold title.

    *annotations* maps parameter names (and ``return``) to the types from the signature, used
    where the docstring gives a name without a type.
    """
    head, sections = split_sections(doc)
    parts = [render_text(head, resolve), render_sections(sections, resolve, annotations or {})]
    return "\n\n".join(p for p in parts if p.strip())


def summary(doc: str, resolve: Resolver) -> str:
    """The first paragraph of a docstring on one line."""
    head, _ = split_sections(doc)
    first: list[str] = []
    for line in head:
        if not line.strip():
            if first:
                break
            continue
        first.append(line.strip())
    return inline(" ".join(first), resolve)
