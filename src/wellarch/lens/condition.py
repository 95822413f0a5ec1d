"""Risk-rule conditions: a small parser and evaluator (never ``eval``).

Grammar of the AWS custom-lens ``riskRules[].condition`` strings::

    condition := "default" | or
    or        := and ( "||" and )*
    and       := unary ( "&&" unary )*
    unary     := "!" unary | "(" or ")" | CHOICE_ID
    CHOICE_ID := [A-Za-z0-9_]+

Conditions evaluate against a set of selected choice ids, or, for the truth-table analysis of
``lens check``, against every answer at once: each choice is a bitset over all assignments
(bit ``a`` is set when assignment ``a`` selects the choice), so ``&&``, ``||`` and ``!`` become
integer ``&``, ``|`` and complement.

Example:
    >>> cond = parse_condition("a && (b || !c)")
    >>> cond.evaluate({"a", "b"})
    True
    >>> sorted(cond.names())
    ['a', 'b', 'c']
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Set
from dataclasses import dataclass

__all__ = [
    "And",
    "Condition",
    "ConditionSyntaxError",
    "Default",
    "Name",
    "Not",
    "Or",
    "parse_condition",
]

_TOKEN = re.compile(r"\s*(?:(?P<op>&&|\|\||!|\(|\))|(?P<name>[A-Za-z0-9_]+)|(?P<bad>\S))")
#: Deeper nesting than this is refused (no real condition comes close).
MAX_DEPTH = 100
MAX_LENGTH = 4096


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; ``position`` is the 0-based character offset."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at character {position + 1}")
        self.position = position


class Condition(ABC):
    """A parsed condition."""

    @abstractmethod
    def evaluate(self, selected: Set[str]) -> bool:
        """True when the condition holds for these selected choice ids."""

    @abstractmethod
    def names(self) -> frozenset[str]:
        """Every choice id the condition mentions."""

    @abstractmethod
    def table(self, bits: Mapping[str, int], full: int) -> int:
        """Truth table over all assignments: ``bits[name]`` is the bitset of assignments that
        select ``name`` (absent names are never selected); ``full`` has every assignment set."""


@dataclass(frozen=True, slots=True)
class Default(Condition):
    """The ``default`` condition: always true."""

    def evaluate(self, selected: Set[str]) -> bool:
        return True

    def names(self) -> frozenset[str]:
        return frozenset()

    def table(self, bits: Mapping[str, int], full: int) -> int:
        return full

    def __str__(self) -> str:
        return "default"


@dataclass(frozen=True, slots=True)
class Name(Condition):
    name: str

    def evaluate(self, selected: Set[str]) -> bool:
        return self.name in selected

    def names(self) -> frozenset[str]:
        return frozenset((self.name,))

    def table(self, bits: Mapping[str, int], full: int) -> int:
        return bits.get(self.name, 0)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Not(Condition):
    operand: Condition

    def evaluate(self, selected: Set[str]) -> bool:
        return not self.operand.evaluate(selected)

    def names(self) -> frozenset[str]:
        return self.operand.names()

    def table(self, bits: Mapping[str, int], full: int) -> int:
        return full & ~self.operand.table(bits, full)

    def __str__(self) -> str:
        inner = str(self.operand)
        return f"!{inner}" if isinstance(self.operand, Name | Not) else f"!({inner})"


@dataclass(frozen=True, slots=True)
class And(Condition):
    operands: tuple[Condition, ...]

    def evaluate(self, selected: Set[str]) -> bool:
        return all(op.evaluate(selected) for op in self.operands)

    def names(self) -> frozenset[str]:
        return frozenset().union(*(op.names() for op in self.operands))

    def table(self, bits: Mapping[str, int], full: int) -> int:
        result = full
        for op in self.operands:
            result &= op.table(bits, full)
        return result

    def __str__(self) -> str:
        return " && ".join(f"({op})" if isinstance(op, Or) else str(op) for op in self.operands)


@dataclass(frozen=True, slots=True)
class Or(Condition):
    operands: tuple[Condition, ...]

    def evaluate(self, selected: Set[str]) -> bool:
        return any(op.evaluate(selected) for op in self.operands)

    def names(self) -> frozenset[str]:
        return frozenset().union(*(op.names() for op in self.operands))

    def table(self, bits: Mapping[str, int], full: int) -> int:
        result = 0
        for op in self.operands:
            result |= op.table(bits, full)
        return result

    def __str__(self) -> str:
        return " || ".join(str(op) for op in self.operands)


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # only trailing whitespace is left
            break
        start = match.start(match.lastgroup or 0)
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "bad":
            raise ConditionSyntaxError(f"unexpected character {value!r}", start)
        tokens.append((kind, value, start))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Condition:
        if not self.tokens:
            raise ConditionSyntaxError("empty condition", 0)
        result = self.parse_or()
        extra = self.peek()
        if extra is not None:
            raise ConditionSyntaxError(f"unexpected {extra[1]!r}", extra[2])
        return result

    def parse_or(self) -> Condition:
        operands = [self.parse_and()]
        while (token := self.peek()) is not None and token[1] == "||":
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def parse_and(self) -> Condition:
        operands = [self.parse_unary()]
        while (token := self.peek()) is not None and token[1] == "&&":
            self.take()
            operands.append(self.parse_unary())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def parse_unary(self) -> Condition:
        token = self.peek()
        if token is None:
            raise ConditionSyntaxError("condition ends too early", len(self.text))
        kind, value, pos = token
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError(f"nested more than {MAX_DEPTH} levels", pos)
        try:
            if value == "!":
                self.take()
                return Not(self.parse_unary())
            if value == "(":
                self.take()
                inner = self.parse_or()
                closing = self.peek()
                if closing is None:
                    raise ConditionSyntaxError("'(' is never closed", pos)
                if closing[1] != ")":
                    raise ConditionSyntaxError(f"expected ')' but found {closing[1]!r}", closing[2])
                self.take()
                return inner
            if kind == "name":
                self.take()
                if value == "default":
                    raise ConditionSyntaxError("'default' must be the whole condition", pos)
                return Name(value)
            raise ConditionSyntaxError(f"expected a choice id, '!' or '(' but found {value!r}", pos)
        finally:
            self.depth -= 1


def parse_condition(text: str) -> Condition:
    """Parse a risk-rule condition; raises :class:`ConditionSyntaxError` when it is malformed."""
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError(f"longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if text.strip() == "default":
        return Default()
    return _Parser(text).parse()
