"""AWS SAM templates (``Transform: AWS::Serverless-2016-10-31``): what the transform would add
before CloudFormation sees the template, as far as rules need it.

- ``Globals``: the settings of a section (``Function``, ``Api``, ``HttpApi``, ``SimpleTable``,
  ``StateMachine``) apply to every ``AWS::Serverless::<section>`` resource, merged the way SAM
  merges them (:func:`merge_globals`).
- Implicit APIs: a function event of type ``Api`` (``HttpApi``) without a ``RestApiId``
  (``ApiId``) makes SAM create the REST API ``ServerlessRestApi`` (the HTTP API
  ``ServerlessHttpApi``), configured only by ``Globals``. They are added as resources of their
  SAM type, placed at the first event that creates them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wellarch.evidence.cloudformation import LineDict, Resolver, property_lines
from wellarch.evidence.model import Resource

__all__ = ["SAM_TRANSFORM", "implicit_apis", "is_sam", "merge_globals", "sam_globals"]

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
FUNCTION = "AWS::Serverless::Function"
#: Event type → (API type, logical id SAM gives the implicit API, property naming an API).
_IMPLICIT = {
    "Api": ("AWS::Serverless::Api", "ServerlessRestApi", "RestApiId"),
    "HttpApi": ("AWS::Serverless::HttpApi", "ServerlessHttpApi", "ApiId"),
}


def is_sam(doc: Mapping[str, Any]) -> bool:
    """Whether a template is transformed by SAM (its ``Transform`` names the SAM transform)."""
    transform = doc.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return any(name == SAM_TRANSFORM for name in names)


def merge_globals(defaults: Any, own: Any) -> Any:
    """A SAM resource's property value with the ``Globals`` value under it: the resource's
    own value wins, maps are merged key by key (the resource's keys winning) and lists are
    concatenated, global items first. Merged maps keep the lines of both sides, so a finding
    about an inherited setting points at the ``Globals`` line that set it."""
    if isinstance(defaults, Mapping) and isinstance(own, Mapping):
        merged = LineDict()
        merged.line = own.line if isinstance(own, LineDict) else 0
        merged.lines = {
            **(defaults.lines if isinstance(defaults, LineDict) else {}),
            **(own.lines if isinstance(own, LineDict) else {}),
        }
        for key, value in own.items():
            merged[key] = merge_globals(defaults[key], value) if key in defaults else value
        for key, value in defaults.items():
            if key not in own:
                merged[key] = value
        return merged
    if isinstance(defaults, list) and isinstance(own, list):
        return [*defaults, *own]
    return own


def sam_globals(doc: Mapping[str, Any], resolver: Resolver) -> dict[str, Mapping[str, Any]]:
    """Resolved ``Globals`` by the resource type they apply to (``Function`` →
    ``AWS::Serverless::Function``); empty for templates without the SAM transform."""
    sections = doc.get("Globals")
    if not isinstance(sections, Mapping) or not is_sam(doc):
        return {}
    found: dict[str, Mapping[str, Any]] = {}
    for section, values in sections.items():
        resolved = resolver.resolve(values)
        if isinstance(resolved, Mapping):
            found[f"AWS::Serverless::{section}"] = resolved
    return found


def _creating_event(
    functions: Sequence[Resource], kind: str, id_key: str
) -> tuple[Resource, str] | None:
    """The first function event of type ``kind`` that names no API of the template, if any."""
    for fn in functions:
        events = fn.get("Events")
        if not isinstance(events, Mapping):
            continue
        for name, event in events.items():
            if not isinstance(event, Mapping) or event.get("Type") != kind:
                continue
            settings = event.get("Properties")
            if not (isinstance(settings, Mapping) and id_key in settings):
                return fn, str(name)
    return None


def implicit_apis(
    resources: Sequence[Resource], globals_: Mapping[str, Mapping[str, Any]]
) -> list[Resource]:
    """The APIs SAM creates for function events that name none, with their ``Globals``."""
    functions = [r for r in resources if r.type == FUNCTION]
    taken = {r.name for r in resources}
    found: list[Resource] = []
    for kind, (api_type, logical_id, id_key) in _IMPLICIT.items():
        creator = _creating_event(functions, kind, id_key) if logical_id not in taken else None
        if creator is None:
            continue
        fn, event = creator
        settings = globals_.get(api_type, {})
        found.append(
            Resource(
                type=api_type,
                name=logical_id,
                properties=settings,
                file=fn.file,
                line=fn.line_of(f"Events.{event}"),
                format="cloudformation",
                lines=property_lines(settings),
            )
        )
    return found
