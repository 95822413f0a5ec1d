"""Availability expressions: a small parser of its own (never ``eval``).

Grammar (whitespace is free)::

    expression := group ( ("*" | ">") group )*     parts in series
                | group ( "|" group )*              parts in parallel (redundant copies)
    group      := COUNT ("x" | "×") group           COUNT parallel copies of the group
                | term
    term       := NUMBER "%"? | NAME | "(" expression ")"

A number is a fraction (``0.9995``) or, with ``%``, a percentage (``99.95%``). A name is a
component given with ``--component NAME=VALUE`` or an entry of the SLA table (``alb``,
``rds_multi_az``…). Series and parallel never mix without parentheses: ``a * b | c`` is
refused, because either reading would surprise someone; write ``(a * b) | c`` or
``a * (b | c)``.

Example:
    >>> from wellarch.calc.availability import Part, render, unavailability
    >>> tree = parse_expression("0.9995 * (0.999 | 0.999) * 0.9999")
    >>> round(1 - unavailability(tree), 9)
    0.999399051
    >>> render(parse_expression("alb > 3 x web > rds_multi_az", {"web": Part("web", 0.01)}))
    'alb * 3 x web * rds_multi_az'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from wellarch.calc.availability import Node, Parallel, Part, Replicas, Series
from wellarch.calc.errors import CalcInputError
from wellarch.calc.sla import lookup, sla_table, suggest
from wellarch.calc.units import parse_availability

__all__ = ["ExpressionError", "parse_expression"]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<op>[*>|()%×]))"
)


@dataclass(frozen=True)
class _Token:
    kind: str  # number | name | op | end
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            offset = len(text[position:]) - len(text[position:].lstrip())
            bad = text[position + offset]
            raise _error(text, position + offset, f"unexpected character {bad!r}")
        kind = match.lastgroup or "op"
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class ExpressionError(CalcInputError):
    """An expression that cannot be used, with where in it the problem is.

    ``position`` is the 0-based index of the offending character or name in ``expression``,
    so that a front end can point at it; the message says the same in words.
    """

    def __init__(self, message: str, *, expression: str, position: int) -> None:
        super().__init__(message)
        self.expression = expression
        self.position = position


def _error(text: str, position: int, message: str) -> ExpressionError:
    return ExpressionError(
        f"availability expression {text!r}, at character {position + 1}: {message}",
        expression=text,
        position=position,
    )


Resolver = Callable[[str], Node]


def _default_resolver(components: Mapping[str, Node]) -> Resolver:
    def resolve(name: str) -> Node:
        if name in components:
            return components[name]
        if name in sla_table():
            return lookup(name).part()
        known = sorted({*components, *sla_table()})
        raise CalcInputError(
            f"unknown component {name!r}{suggest(name, known)}; give it with "
            f"--component {name}=99.9% or use a name from `wellarch calc sla`"
        )

    return resolve


class _Parser:
    def __init__(self, text: str, resolve: Resolver) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.resolve = resolve

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, message: str, token: _Token | None = None) -> ExpressionError:
        token = token or self.current
        return _error(self.text, token.position, message)

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise self.fail("the expression is empty")
        node = self.expression()
        if self.current.kind != "end":
            raise self.fail(f"expected '*', '|' or the end, found {self._describe()}")
        return node

    def expression(self) -> Node:
        parts = [self.group()]
        operator = ""
        while self.current.kind == "op" and self.current.text in ("*", ">", "|"):
            token = self.advance()
            kind = "|" if token.text == "|" else "*"
            if operator and kind != operator:
                raise self.fail(
                    "series ('*' or '>') and parallel ('|') cannot mix without parentheses: "
                    "write (a * b) | c or a * (b | c)",
                    token,
                )
            operator = kind
            parts.append(self.group())
        if len(parts) == 1:
            return parts[0]
        return Parallel(tuple(parts)) if operator == "|" else Series(tuple(parts))

    def group(self) -> Node:
        token = self.current
        following = self.tokens[min(self.index + 1, len(self.tokens) - 1)]
        if token.kind == "number" and _is_times(following):
            if not token.text.isdigit() or int(token.text) < 1:
                raise self.fail("the count before 'x' must be a whole number of 1 or more")
            self.index += 2
            return Replicas(self.group(), int(token.text))
        return self.term()

    def term(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            literal = token.text
            if self.current.kind == "op" and self.current.text == "%":
                self.advance()
                literal += "%"
            try:
                value = parse_availability(literal)
            except CalcInputError as exc:
                raise self.fail(exc.message, token) from None
            return Part(literal, float(1 - value))
        if token.kind == "name" and not _is_times(token):
            self.advance()
            try:
                return self.resolve(token.text)
            except ExpressionError:
                raise
            except CalcInputError as exc:
                # An unknown name: the same message, and where the name stands.
                raise ExpressionError(
                    exc.message, expression=self.text, position=token.position
                ) from None
        if token.kind == "op" and token.text == "(":
            self.advance()
            node = self.expression()
            if not (self.current.kind == "op" and self.current.text == ")"):
                raise self.fail(f"expected ')', found {self._describe()}")
            self.advance()
            return node
        raise self.fail(f"expected a number, a name or '(', found {self._describe()}")

    def _describe(self) -> str:
        token = self.current
        return "the end" if token.kind == "end" else repr(token.text)


def _is_times(token: _Token) -> bool:
    return token.text in ("x", "X", "×")


def parse_expression(
    text: str,
    components: Mapping[str, Node] | None = None,
    *,
    resolve: Resolver | None = None,
) -> Node:
    """The architecture tree that ``text`` describes.

    Names resolve to ``components`` first, then to the SLA table, unless ``resolve`` is given.
    Syntax is checked before any name is looked up, so a syntax error is reported first.
    Problems raise :class:`ExpressionError`, which carries the position they are at.
    """
    _Parser(text, lambda name: Part(name, 0.0)).parse()
    return _Parser(text, resolve or _default_resolver(components or {})).parse()
