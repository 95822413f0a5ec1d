"""Terraform → resources: ``.tf`` directories (python-hcl2) and ``terraform show -json`` plans.

A directory is one module: variable defaults, then ``terraform.tfvars`` and ``*.auto.tfvars``,
then locals; ``"${var.x}"`` and ``"${local.y}"`` resolve, and a reference to a managed resource
(``aws_s3_bucket.logs.id``, ``aws_kms_key.k[0].arn``) becomes a :class:`Reference` to its
address (with the module prefix, so a reference passed into a local module still names the
caller's resource). Any other expression (functions, conditionals, interpolated strings, data
sources, module outputs) is :data:`UNKNOWN`. Local modules (``source = "./..."``) are expanded
with the caller's inputs, so a module's resources are judged as configured.

The AWS provider's ``default_tags`` are merged under each resource's own ``tags`` into
``tags_all``, as Terraform does (and as a plan shows it): resources with ``provider = aws.x``
take that configuration's tags, modules inherit the caller's default provider or the ones their
``providers`` argument passes. Plan files hold resolved values and are the most accurate input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from wellarch.errors import ScanError
from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown
from wellarch.evidence.suppression import assign_comments, comment_suppressions

__all__ = ["is_plan", "parse_plan", "parse_terraform_dir"]

_EXPR = re.compile(r"^\$\{(var|local)\.([A-Za-z0-9_-]+)\}$")
#: ``${TYPE.NAME[KEY].ATTRIBUTE...}`` of a managed resource; its type has a provider prefix
#: (``aws_``), unlike var, local, module, data, count, each, path, self and terraform. Splat
#: expressions (``[*]``, ``.*``) are lists and stay unknown.
_REFERENCE = re.compile(
    r"^\$\{(?P<type>[a-z][a-z0-9]*_[a-z0-9_]+)\.(?P<name>[A-Za-z_][A-Za-z0-9_-]*)"
    r"(?:\[[^\[\]*]+\])?"
    r"(?:\.(?P<attribute>[A-Za-z_][A-Za-z0-9_]*)(?:\[[^\[\]*]+\]|\.[A-Za-z_][A-Za-z0-9_]*)*)?\}$"
)
_PROVIDER = re.compile(r"^(?:\$\{)?([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?)\}?$")
_META = ("__start_line__", "__end_line__")
MAX_MODULE_DEPTH = 5
#: Resource types the AWS provider's default_tags do not reach (they have no tags_all).
NO_DEFAULT_TAGS = frozenset({"aws_autoscaling_group"})

#: Default tags of each AWS provider configuration a module can use, by its key
#: (``"aws"``, ``"aws.west"``): a map, or UNKNOWN when built from unknown values.
ProviderTags = dict[str, "dict[str, Any] | Unknown"]


@lru_cache(maxsize=2048)
def _load_hcl(path: Path) -> dict[str, Any]:
    """Parsed HCL of one file, cached: module expansion reads the same files many times.
    Callers must not change the result."""
    import hcl2  # imported here: only Terraform scans pay for the parser
    from lark.exceptions import LarkError

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScanError(f"not UTF-8 text (offset {exc.start})", file=str(path)) from None
    try:
        data: dict[str, Any] = hcl2.loads(text, with_meta=True)  # type: ignore[attr-defined]
    except LarkError as exc:
        line = getattr(exc, "line", None)
        message = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise ScanError(f"not valid HCL: {message}", file=str(path), line=line) from None
    except (ValueError, RecursionError, UnicodeError) as exc:
        raise ScanError(f"not valid HCL: {type(exc).__name__}", file=str(path)) from None
    return data


class _Module:
    """One Terraform module directory with its variables resolved; ``prefix`` is its address
    (``""`` for the root, ``"module.app."`` for a module called app)."""

    def __init__(
        self, files: dict[Path, dict[str, Any]], inputs: Mapping[str, Any], prefix: str = ""
    ) -> None:
        self.files = files
        self.prefix = prefix
        self.vars: dict[str, Any] = {}
        self.local_exprs: dict[str, Any] = {}
        for data in files.values():
            for block in data.get("variable", []):
                for name, spec in block.items():
                    self.vars[name] = (
                        spec.get("default", UNKNOWN) if isinstance(spec, dict) else UNKNOWN
                    )
            for block in data.get("locals", []):
                self.local_exprs.update({k: v for k, v in block.items() if k not in _META})
        self.vars.update(inputs)
        self.locals: dict[str, Any] = {}
        self._resolving: set[str] = set()

    def local(self, name: str) -> Any:
        if name not in self.locals:
            if name in self._resolving or name not in self.local_exprs:
                return UNKNOWN
            self._resolving.add(name)
            self.locals[name] = self.resolve(self.local_exprs[name])
            self._resolving.discard(name)
        return self.locals[name]

    def resolve(self, value: Any, depth: int = 0) -> Any:
        if depth > 30:
            return UNKNOWN
        if isinstance(value, str):
            if "${" not in value:
                return value
            match = _EXPR.match(value)
            if match is None:
                return self.reference(value)
            kind, name = match.groups()
            return self.vars.get(name, UNKNOWN) if kind == "var" else self.local(name)
        if isinstance(value, list):
            return [self.resolve(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v, depth + 1) for k, v in value.items() if k not in _META}
        return value

    def reference(self, expression: str) -> Reference | Unknown:
        """``"${aws_s3_bucket.logs.id}"`` as a reference to this module's ``aws_s3_bucket.logs``;
        UNKNOWN for any other expression."""
        match = _REFERENCE.match(expression)
        if match is None:
            return UNKNOWN
        return Reference(
            f"{self.prefix}{match['type']}.{match['name']}", match["attribute"] or None
        )

    def provider_tags(self, inherited: ProviderTags) -> ProviderTags:
        """The default tags of every AWS provider configuration this module can use: those it
        inherits, overridden by its own ``provider "aws"`` blocks."""
        found = dict(inherited)
        for data in self.files.values():
            for block in data.get("provider", []):
                body = block.get("aws") if isinstance(block, dict) else None
                if not isinstance(body, dict):
                    continue
                alias = body.get("alias")
                key = f"aws.{alias}" if isinstance(alias, str) else "aws"
                tags: Any = {}
                for default in body.get("default_tags") or []:
                    raw = default.get("tags", {}) if isinstance(default, dict) else UNKNOWN
                    tags = self.resolve(raw) if raw is not None else {}
                found[key] = tags if isinstance(tags, dict) else UNKNOWN
        return found


def _attribute_lines(
    text_lines: list[str], start: int, end: int, names: Iterable[str]
) -> dict[str, int]:
    wanted = set(names)
    found: dict[str, int] = {}
    for number in range(start, min(end, len(text_lines)) + 1):
        stripped = text_lines[number - 1].lstrip()
        key = stripped.split("=", 1)[0].split("{", 1)[0].strip()
        if key in wanted and key not in found:
            found[key] = number
    return found


def _tfvars(folder: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    candidates = [folder / "terraform.tfvars", *sorted(folder.glob("*.auto.tfvars"))]
    for path in candidates:
        if path.is_file():
            data = _load_hcl(path)
            values.update({k: v for k, v in data.items() if k not in _META})
    return values


def _provider_key(body: Mapping[str, Any], rtype: str) -> str | None:
    """Which provider configuration a resource uses (``"aws"``, ``"aws.west"``); None for
    resources of other providers."""
    raw = body.get("provider")
    match = _PROVIDER.match(raw) if isinstance(raw, str) else None
    if match is not None:
        key = match.group(1)
        return key if key.split(".", 1)[0] == "aws" else None
    return "aws" if rtype.startswith("aws_") else None


def _tags_all(props: dict[str, Any], rtype: str, key: str | None, providers: ProviderTags) -> Any:
    """The resource's tags over its provider's default tags (None: no default tags apply)."""
    default = providers.get(key) if key is not None else None
    if default is None or default == {} or rtype in NO_DEFAULT_TAGS:
        return None
    own = props.get("tags")
    if isinstance(default, Unknown) or (own is not None and not isinstance(own, dict)):
        return UNKNOWN
    return {**default, **(own or {})}


def _child_providers(body: Mapping[str, Any], providers: ProviderTags) -> ProviderTags:
    """The provider configurations a module call passes on: those named in its ``providers``
    argument, else the caller's default (unaliased) ones."""
    passed = body.get("providers")
    if not isinstance(passed, dict):
        return {k: v for k, v in providers.items() if "." not in k}
    found: ProviderTags = {}
    for child_key, parent in passed.items():
        match = _PROVIDER.match(parent) if isinstance(parent, str) else None
        if match is not None and match.group(1) in providers:
            found[str(child_key)] = providers[match.group(1)]
    return found


def _module_resources(
    folder: Path,
    inputs: Mapping[str, Any],
    prefix: str,
    errors: list[ScanError],
    depth: int,
    seen: set[Path],
    inherited: ProviderTags,
) -> list[Resource]:
    files: dict[Path, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.tf")):
        try:
            files[path] = _load_hcl(path)
        except ScanError as exc:
            errors.append(exc)
    module = _Module(files, {**(_tfvars(folder) if depth == 0 else {}), **inputs}, prefix)
    providers = module.provider_tags(inherited)
    resources: list[Resource] = []
    for path, data in files.items():
        raw = path.read_bytes()
        text_lines = raw.decode("utf-8", "replace").splitlines()
        starts: list[tuple[int, str]] = []
        found: list[Resource] = []
        for block in data.get("resource", []):
            for rtype, named in block.items():
                for name, body in named.items():
                    if not isinstance(body, dict):
                        continue
                    count = module.resolve(body.get("count", 1))
                    if count == 0 or count is False:
                        continue
                    start, end = body.get("__start_line__", 1), body.get("__end_line__", 1)
                    props = module.resolve(body)
                    tags_all = _tags_all(props, rtype, _provider_key(body, rtype), providers)
                    if tags_all is not None:
                        props["tags_all"] = tags_all
                    address = f"{prefix}{rtype}.{name}"
                    starts.append((start, address))
                    tags = tags_all if tags_all is not None else props.get("tags")
                    found.append(
                        Resource(
                            type=rtype,
                            name=address,
                            properties=props,
                            file=str(path),
                            line=start,
                            format="terraform",
                            lines=_attribute_lines(text_lines, start, end, props),
                            tags=tags if isinstance(tags, dict) else {},
                        )
                    )
        inline = assign_comments(comment_suppressions(raw), starts)
        for resource in found:
            if resource.name in inline:
                resource = Resource(**{**resource.__dict__, "suppressed": inline[resource.name]})
            resources.append(resource)
        for block in data.get("module", []):
            for name, body in block.items():
                source = body.get("source") if isinstance(body, dict) else None
                if not isinstance(source, str) or not source.startswith(("./", "../")):
                    continue  # registry and git modules are not on disk
                target = (folder / source).resolve()
                if depth >= MAX_MODULE_DEPTH or target in seen or not target.is_dir():
                    continue
                args = {
                    k: module.resolve(v)
                    for k, v in body.items()
                    if k not in (*_META, "source", "providers")
                }
                resources += _module_resources(
                    target,
                    args,
                    f"{prefix}module.{name}.",
                    errors,
                    depth + 1,
                    seen | {target},
                    _child_providers(body, providers),
                )
    return resources


def parse_terraform_dir(folder: Path) -> tuple[list[Resource], list[ScanError]]:
    """Resources of the Terraform module in ``folder`` (with its local modules expanded), and
    the files that could not be parsed."""
    errors: list[ScanError] = []
    resources = _module_resources(folder, {}, "", errors, 0, {folder.resolve()}, {})
    return resources, errors


def is_plan(doc: Any) -> bool:
    return isinstance(doc, Mapping) and "planned_values" in doc and "format_version" in doc


def _plan_modules(module: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    yield module
    for child in module.get("child_modules", []) or []:
        if isinstance(child, Mapping):
            yield from _plan_modules(child)


def parse_plan(doc: Mapping[str, Any], source: str, text: str) -> list[Resource]:
    """Resources of a ``terraform show -json`` plan (resolved values; unknowns stay unknown)."""
    root = (doc.get("planned_values") or {}).get("root_module") or {}
    resources: list[Resource] = []
    for module in _plan_modules(root):
        for item in module.get("resources", []) or []:
            if not isinstance(item, Mapping) or item.get("mode", "managed") != "managed":
                continue
            address = str(item.get("address", item.get("name", "?")))
            at = text.find(f'"address": "{address}"')
            if at < 0:
                at = text.find(f'"address":"{address}"')
            line = text.count("\n", 0, at) + 1 if at >= 0 else 1
            values = item.get("values") or {}
            tags = values.get("tags") if isinstance(values, Mapping) else None
            resources.append(
                Resource(
                    type=str(item.get("type", "")),
                    name=address,
                    properties=values if isinstance(values, Mapping) else {},
                    file=source,
                    line=line,
                    format="terraform-plan",
                    tags=tags if isinstance(tags, Mapping) else {},
                )
            )
    return resources
