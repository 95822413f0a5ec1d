"""Terraform → resources: ``.tf`` directories (python-hcl2) and ``terraform show -json`` plans.

A directory is one module: variable defaults, then ``terraform.tfvars`` and ``*.auto.tfvars``,
then locals; ``"${var.x}"`` and ``"${local.y}"`` resolve, any other interpolation is
:data:`UNKNOWN`. Local modules (``source = "./..."``) are expanded with the caller's inputs, so
a module's resources are judged as configured. Plan files hold resolved values and are the
most accurate input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from wellarch.errors import ScanError
from wellarch.evidence.model import UNKNOWN, Resource
from wellarch.evidence.suppression import assign_comments, comment_suppressions

__all__ = ["is_plan", "parse_plan", "parse_terraform_dir"]

_EXPR = re.compile(r"^\$\{(var|local)\.([A-Za-z0-9_-]+)\}$")
_META = ("__start_line__", "__end_line__")
MAX_MODULE_DEPTH = 5


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
    """One Terraform module directory with its variables resolved."""

    def __init__(self, files: dict[Path, dict[str, Any]], inputs: Mapping[str, Any]) -> None:
        self.files = files
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
                return UNKNOWN
            kind, name = match.groups()
            return self.vars.get(name, UNKNOWN) if kind == "var" else self.local(name)
        if isinstance(value, list):
            return [self.resolve(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v, depth + 1) for k, v in value.items() if k not in _META}
        return value


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


def _module_resources(
    folder: Path,
    inputs: Mapping[str, Any],
    prefix: str,
    errors: list[ScanError],
    depth: int,
    seen: set[Path],
) -> list[Resource]:
    files: dict[Path, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.tf")):
        try:
            files[path] = _load_hcl(path)
        except ScanError as exc:
            errors.append(exc)
    module = _Module(files, {**(_tfvars(folder) if depth == 0 else {}), **inputs})
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
                    address = f"{prefix}{rtype}.{name}"
                    starts.append((start, address))
                    tags = props.get("tags")
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
                    k: module.resolve(v) for k, v in body.items() if k not in (*_META, "source")
                }
                resources += _module_resources(
                    target, args, f"{prefix}module.{name}.", errors, depth + 1, seen | {target}
                )
    return resources


def parse_terraform_dir(folder: Path) -> tuple[list[Resource], list[ScanError]]:
    """Resources of the Terraform module in ``folder`` (with its local modules expanded), and
    the files that could not be parsed."""
    errors: list[ScanError] = []
    resources = _module_resources(folder, {}, "", errors, 0, {folder.resolve()})
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
