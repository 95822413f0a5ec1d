"""CloudFormation (YAML, JSON, SAM) → resources, with line numbers and static resolution.

- Every short-form intrinsic (``!Ref``, ``!Sub``, ``!GetAtt A.B``, ``!If`` …) becomes its long
  form; an unknown tag such as ``!Rain::Module`` is an error naming its line.
- Parameter defaults and ``Conditions`` with known values are resolved; ``Fn::If`` on an
  unknown condition keeps the value both branches agree on, else :data:`UNKNOWN`.
- ``!Ref`` and ``!GetAtt`` of a resource of the template become a :class:`Reference` to it.
- SAM templates get their ``Globals`` and implicit APIs (:mod:`wellarch.evidence.sam`).
- YAML aliases are limited (no "billion laughs"), and so is the file size.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from wellarch.errors import ScanError
from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown
from wellarch.evidence.suppression import (
    assign_comments,
    comment_suppressions,
    metadata_suppressions,
)

# Reference is defined in the model; it is re-exported here, where it used to live.
__all__ = [
    "LineDict",
    "Reference",
    "Resolver",
    "is_cloudformation",
    "load_template",
    "parse_cloudformation",
    "property_lines",
]

MAX_ALIASES = 100
_ALIAS = re.compile(rb"(?:^|[\s\[{,:])\*[^\s,\]}]+")
_FUNCTIONS = (
    "And Base64 Cidr Contains EachMemberEquals EachMemberIn Equals FindInMap ForEach GetAtt "
    "GetAZs If ImportValue Join Length Not Or RefAll Select Split Sub ToJsonString Transform "
    "ValueOf ValueOfAll"
)
_INTRINSICS = {
    "Ref": "Ref",
    "Condition": "Condition",
    **{name: f"Fn::{name}" for name in _FUNCTIONS.split()},
}


class LineDict(dict[str, Any]):
    """A mapping that remembers the line of each key (1-based)."""

    __slots__ = ("line", "lines")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.lines: dict[str, int] = {}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise ScanError(f"a mapping key must be text (line {key_node.start_mark.line + 1})")
        key = str(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    name = _INTRINSICS.get(suffix)
    if name is None:
        raise ScanError(f"unknown intrinsic function !{suffix}", line=node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if name == "Fn::GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = _mapping(loader, node)  # type: ignore[arg-type]
    result = LineDict()
    result.line = node.start_mark.line + 1
    result[name] = value
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_multi_constructor("!", _intrinsic)


def load_template(data: bytes, source: str) -> Any:
    """Parse YAML or JSON template text; raises :class:`ScanError` naming file and line."""
    aliases = len(_ALIAS.findall(data))
    if aliases > MAX_ALIASES:
        raise ScanError(
            f"uses {aliases} YAML aliases; more than {MAX_ALIASES} is refused "
            "(protection against alias bombs)",
            file=source,
        )
    try:
        return yaml.load(data, Loader=_Loader)
    except ScanError as exc:
        raise ScanError(exc.message, file=source, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ScanError(f"not valid YAML/JSON: {problem}", file=source, line=line) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise ScanError(f"not valid YAML/JSON: {type(exc).__name__}", file=source) from None


def is_cloudformation(doc: Any) -> bool:
    if not isinstance(doc, Mapping):
        return False
    resources = doc.get("Resources")
    if not isinstance(resources, Mapping) or not resources:
        return False
    return "AWSTemplateFormatVersion" in doc or all(
        isinstance(r, Mapping) and "Type" in r for r in resources.values()
    )


class _NoValue:
    pass


_NOVALUE = _NoValue()


class Resolver:
    """Static evaluation of intrinsic functions against parameter defaults and conditions."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.params: dict[str, Any] = {}
        for name, spec in (doc.get("Parameters") or {}).items():
            default = spec.get("Default", UNKNOWN) if isinstance(spec, Mapping) else UNKNOWN
            self.params[name] = default
        self.resources = set((doc.get("Resources") or {}).keys())
        self.mappings = doc.get("Mappings") or {}
        raw = doc.get("Conditions") or {}
        self._raw_conditions = raw if isinstance(raw, Mapping) else {}
        self._conditions: dict[str, Any] = {}

    def condition(self, name: str, depth: int = 0) -> Any:
        if name not in self._conditions:
            if depth > 20 or name not in self._raw_conditions:
                return UNKNOWN
            self._conditions[name] = self._truth(self._raw_conditions[name], depth + 1)
        return self._conditions[name]

    def _truth(self, expr: Any, depth: int) -> Any:
        if not isinstance(expr, Mapping) or len(expr) != 1:
            return UNKNOWN
        ((fn, args),) = expr.items()
        if fn == "Condition" and isinstance(args, str):
            return self.condition(args, depth)
        if not isinstance(args, list):
            return UNKNOWN
        if fn == "Fn::Equals" and len(args) == 2:
            a, b = self.resolve(args[0]), self.resolve(args[1])
            if isinstance(a, Unknown | Reference) or isinstance(b, Unknown | Reference):
                return UNKNOWN
            return str(a) == str(b)
        values = [self._truth(a, depth) for a in args]
        if fn == "Fn::Not" and len(values) == 1:
            return UNKNOWN if values[0] is UNKNOWN else not values[0]
        if fn == "Fn::And":
            if any(v is False for v in values):
                return False
            return UNKNOWN if any(v is UNKNOWN for v in values) else True
        if fn == "Fn::Or":
            if any(v is True for v in values):
                return True
            return UNKNOWN if any(v is UNKNOWN for v in values) else False
        return UNKNOWN

    def resolve(self, value: Any, depth: int = 0) -> Any:
        if depth > 50:
            return UNKNOWN
        if isinstance(value, list):
            items = [self.resolve(v, depth + 1) for v in value]
            return [v for v in items if v is not _NOVALUE]
        if not isinstance(value, Mapping):
            return value
        if len(value) == 1:
            ((fn, args),) = value.items()
            if fn == "Ref":
                if not isinstance(args, str):
                    return UNKNOWN
                if args == "AWS::NoValue":
                    return _NOVALUE
                if args in self.params:
                    return self.params[args]
                if args in self.resources:
                    return Reference(args)
                return UNKNOWN  # pseudo parameters: region, account, stack name
            if fn == "Fn::GetAtt":
                return _get_att(args)
            if fn == "Fn::If" and isinstance(args, list) and len(args) == 3:
                truth = self.condition(str(args[0]))
                if truth is True:
                    return self.resolve(args[1], depth + 1)
                if truth is False:
                    return self.resolve(args[2], depth + 1)
                a, b = self.resolve(args[1], depth + 1), self.resolve(args[2], depth + 1)
                return a if a == b and not isinstance(a, Unknown) else UNKNOWN
            if fn == "Fn::Join" and isinstance(args, list) and len(args) == 2:
                parts = self.resolve(args[1], depth + 1)
                if isinstance(parts, list) and all(isinstance(p, str | int) for p in parts):
                    return str(args[0]).join(str(p) for p in parts)
                return UNKNOWN
            if fn == "Fn::Sub":
                template = args[0] if isinstance(args, list) and args else args
                if isinstance(template, str) and "${" not in template:
                    return template
                return UNKNOWN
            if fn == "Fn::FindInMap" and isinstance(args, list) and len(args) == 3:
                keys = [self.resolve(a, depth + 1) for a in args]
                if all(isinstance(k, str) for k in keys):
                    found = self.mappings.get(keys[0], {})
                    found = found.get(keys[1], {}) if isinstance(found, Mapping) else {}
                    if isinstance(found, Mapping) and keys[2] in found:
                        return self.resolve(found[keys[2]], depth + 1)
                return UNKNOWN
            if fn.startswith("Fn::") or fn == "Condition":
                return UNKNOWN
        out = LineDict()
        if isinstance(value, LineDict):
            out.line, out.lines = value.line, value.lines
        for key, item in value.items():
            resolved = self.resolve(item, depth + 1)
            if resolved is not _NOVALUE:
                out[key] = resolved
        return out


def _get_att(args: Any) -> Reference | Unknown:
    """``Fn::GetAtt [Key, Arn]`` (or ``Key.Arn``) as a reference to ``Key``."""
    if isinstance(args, str) and args:
        target, _, name = args.partition(".")
        return Reference(target, name or None)
    if isinstance(args, list) and args and isinstance(args[0], str):
        attribute = args[1] if len(args) > 1 and isinstance(args[1], str) else None
        return Reference(args[0], attribute)
    return UNKNOWN


def _lines(props: Any, prefix: str, out: dict[str, int], depth: int = 0) -> None:
    if not isinstance(props, LineDict) or depth > 4:
        return
    for key, line in props.lines.items():
        path = f"{prefix}{key}"
        out[path] = line
        _lines(props.get(key), f"{path}.", out, depth + 1)


def property_lines(props: Any) -> dict[str, int]:
    """The line of each property path (``"Tracing"``, ``"Events.Get.Type"``) of a resolved
    property map, as far as the template's mappings remember them."""
    lines: dict[str, int] = {}
    _lines(props, "", lines)
    return lines


def _tags(props: Mapping[str, Any]) -> dict[str, Any]:
    tags = props.get("Tags")
    if isinstance(tags, list):
        return {
            str(t.get("Key")): t.get("Value") for t in tags if isinstance(t, Mapping) and "Key" in t
        }
    if isinstance(tags, Mapping):  # SAM and a few resource types use a map
        return {str(k): v for k, v in tags.items()}
    return {}


def parse_cloudformation(doc: LineDict, source: str, text: bytes) -> list[Resource]:
    """Resources of a parsed template (``doc`` from :func:`load_template`); for SAM templates
    with their ``Globals`` merged in, and the APIs SAM creates implicitly."""
    from wellarch.evidence import sam  # it builds on this module

    resolver = Resolver(doc)
    sam_globals = sam.sam_globals(doc, resolver)
    resources: list[Resource] = []
    raw_resources = doc.get("Resources")
    if not isinstance(raw_resources, LineDict):
        return []
    starts = [(raw_resources.lines.get(n, 0), str(n)) for n in raw_resources]
    inline = assign_comments(comment_suppressions(text), starts)
    for name, body in raw_resources.items():
        line = raw_resources.lines.get(name, 1)
        if not isinstance(body, Mapping):
            continue
        if not isinstance(body.get("Type"), str):
            raise ScanError(
                f"resource {name!r} has no plain Type (a Rain module or another pre-processor "
                "construct: package the template first)",
                file=source,
                line=line,
            )
        props = resolver.resolve(body.get("Properties") or {})
        if not isinstance(props, Mapping):
            props = {}
        if body["Type"] in sam_globals:
            props = sam.merge_globals(sam_globals[body["Type"]], props)
        lines = property_lines(props)
        suppressed = {**inline.get(str(name), {}), **metadata_suppressions(body.get("Metadata"))}
        resources.append(
            Resource(
                type=body["Type"],
                name=str(name),
                properties=props,
                file=source,
                line=line,
                format="cloudformation",
                lines=lines,
                suppressed=suppressed,
                tags=_tags(props),
            )
        )
    if sam_globals or sam.is_sam(doc):
        resources += sam.implicit_apis(resources, sam_globals)
    return resources
