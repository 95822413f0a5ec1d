"""Small helpers every rule module uses: reading resource properties safely, and pairing
companion resources with the resource they configure (:func:`companions`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown

__all__ = [
    "TABLE_TYPES",
    "Companions",
    "billing_mode",
    "companions",
    "companions_of",
    "is_set",
    "known",
    "literal",
    "number",
    "place",
    "points_at",
    "present",
    "text_list",
    "truth",
    "unit_word",
]


def known(value: Any) -> bool:
    """False for values only known after deployment (UNKNOWN, or anything containing it)."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, list):
        return all(known(v) for v in value)
    if isinstance(value, dict):
        return all(known(v) for v in value.values())
    return True


def truth(value: Any) -> bool | Unknown:
    """A boolean setting as True/False, or UNKNOWN ("true"/"false" strings included)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    if value is None:
        return False
    return UNKNOWN


def number(value: Any) -> float | Unknown | None:
    """A numeric setting (numbers and numeric strings), UNKNOWN, or None when absent."""
    if value is None:
        return None
    if isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return UNKNOWN
    return UNKNOWN


def present(value: Any) -> bool:
    """Set to something (a literal, a reference or an unknown-but-set value)."""
    return value not in (None, "", [], {})


def is_set(resource: Resource, *names: str) -> bool:
    return present(resource.get(*names))


def text_list(value: Any) -> list[Any]:
    """A value that may be one item or a list, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def literal(value: Any) -> str | None:
    """A plain literal string (not a reference, not UNKNOWN), else None."""
    return value if isinstance(value, str) else None


#: DynamoDB tables in every spelling: CloudFormation, SAM, Terraform.
TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable", "aws_dynamodb_table")


def billing_mode(table: Resource) -> Any:
    """A DynamoDB table's billing mode as written (None: not set, the service default
    PROVISIONED). A SAM SimpleTable is PAY_PER_REQUEST unless it sets ProvisionedThroughput."""
    if table.type == "AWS::Serverless::SimpleTable":
        throughput = table.get("ProvisionedThroughput")
        if isinstance(throughput, Unknown):
            return UNKNOWN
        return "PAY_PER_REQUEST" if throughput is None else "PROVISIONED"
    return table.get("BillingMode", "billing_mode")


def unit_word(resource: Resource) -> str:
    """What one scan unit is called in messages: a template or a module."""
    return "template" if resource.format == "cloudformation" else "module"


# --- companion resources ------------------------------------------------------------------------


def place(r: Resource) -> tuple[str, str]:
    """(module prefix, local name) of a resource: ``module.a.aws_x.b`` → ("module.a.", "b"),
    ``aws_x.b[0]`` (plans) → ("", "b"); a CloudFormation resource → ("", logical id)."""
    if r.format == "cloudformation":
        return "", r.name
    at = r.name.rfind(f"{r.type}.")
    if at < 0:
        return "", r.name
    return r.name[:at], r.name[at + len(r.type) + 1 :].split("[", 1)[0]


def points_at(value: Any, owner: Resource, names: Sequence[str] = ()) -> bool | Unknown:
    """Whether a companion's setting ``value`` names ``owner``.

    A :class:`Reference` (CloudFormation ``!Ref``/``!GetAtt``, a Terraform address, whatever
    attribute it reads) names its target. A literal names the owner when it equals the owner's
    own literal name (the first of ``names`` the owner sets, e.g. BucketName/bucket) or ends
    with it after ``:`` or ``/`` (ARNs, queue URLs, ``service/cluster/name`` ids); an owner
    without a name has a generated one that no literal can give, and an owner without
    ``names`` (VPCs, file systems) has only generated ids. A list names the owner when one of
    its items does. UNKNOWN when the value, or the owner's name, is known only at deployment.
    """
    if isinstance(value, Reference):
        return value.names(owner)
    if isinstance(value, list):
        verdicts = [points_at(item, owner, names) for item in value]
        if any(v is True for v in verdicts):
            return True
        return UNKNOWN if any(isinstance(v, Unknown) for v in verdicts) else False
    text = literal(value)
    if text is None:
        return False if value is None else UNKNOWN
    own = owner.get(*names) if names else None
    if own is None:
        return False
    own_text = literal(own)
    if own_text is None:
        return UNKNOWN
    return text == own_text or text.endswith((f":{own_text}", f"/{own_text}"))


@dataclass(frozen=True)
class Companions:
    """The companion resources of one owner (a bucket's policy, versioning or lifecycle
    configuration; a function's event invoke config; a queue's redrive policy).

    ``linked`` point at the owner by reference or by its literal name. ``inferred`` name their
    owner by a value known only at deployment, but by elimination can only be this owner's:
    it is the only owner without a companion that they could belong to. ``possible`` may be
    this owner's or another's; with ``by_count`` there are at least as many of them as owners
    they may belong to, so (each owner having one) this owner has one of them, but which is
    not known.
    """

    linked: tuple[Resource, ...] = ()
    inferred: tuple[Resource, ...] = ()
    possible: tuple[Resource, ...] = ()
    by_count: bool = False

    @property
    def found(self) -> tuple[Resource, ...]:
        """The companions that are this owner's: linked, then inferred."""
        return self.linked + self.inferred


def companions_of(
    owners: Sequence[Resource],
    candidates: Sequence[Resource],
    *,
    via: Sequence[str],
    names: Sequence[str] = (),
) -> dict[str, Companions]:
    """The companions of each owner (by owner name) among ``candidates``, which name their
    owner in the first of their ``via`` settings (e.g. ``("Bucket", "bucket")``); ``names``
    are the owners' own name settings (see :func:`points_at`).

    A companion whose target is known only at deployment is pooled with the others of its
    module: the owners it may belong to that have no companion yet (of its module if there
    are any, else of the unit) share the pool — one such owner gets them all, several get them
    as ``possible``. (A shared local name, ``aws_s3_bucket.this`` and
    ``aws_s3_bucket_policy.this``, is no evidence: modules name everything ``this``.) In plans
    an absent ``via`` setting is such a value (Terraform leaves values known only after apply
    out of the plan)."""
    linked: dict[str, list[Resource]] = {o.name: [] for o in owners}
    inferred: dict[str, list[Resource]] = {o.name: [] for o in owners}
    pools: dict[str, list[tuple[Resource, set[str]]]] = {}
    for companion in candidates:
        value = companion.get(*via)
        if value is None and companion.format == "terraform-plan":
            value = UNKNOWN
        maybe: list[Resource] = []
        hit = False
        for owner in owners:
            verdict = points_at(value, owner, names)
            if verdict is True:
                linked[owner.name].append(companion)
                hit = True
            elif isinstance(verdict, Unknown):
                maybe.append(owner)
        if not hit and maybe:
            pools.setdefault(place(companion)[0], []).append((companion, {o.name for o in maybe}))
    possible: dict[str, list[Resource]] = {o.name: [] for o in owners}
    by_count: dict[str, bool] = {}
    for module in sorted(pools):
        pool = pools[module]
        eligible: set[str] = set()
        for _, owner_names in pool:
            eligible |= owner_names
        free = [
            o for o in owners if o.name in eligible and not linked[o.name] and not inferred[o.name]
        ]
        free = [o for o in free if place(o)[0] == module] or free
        if len(free) == 1:
            inferred[free[0].name] += [c for c, of in pool if free[0].name in of]
            continue
        for owner in free:
            possible[owner.name] += [c for c, of in pool if owner.name in of]
            by_count[owner.name] = len(pool) >= len(free)
    return {
        o.name: Companions(
            tuple(linked[o.name]),
            tuple(inferred[o.name]),
            tuple(possible[o.name]),
            by_count.get(o.name, False),
        )
        for o in owners
    }


def companions(
    owner: Resource,
    resources: Sequence[Resource],
    types: Sequence[str],
    *,
    via: Sequence[str],
    names: Sequence[str] = (),
) -> Companions:
    """The companions of ``owner`` among the ``resources`` of its unit that are of one of
    ``types`` (the other resources of the owner's type compete for them, see
    :func:`companions_of`). Rules that look at every owner of a unit call
    :func:`companions_of` once instead."""
    owners = [r for r in resources if r.type == owner.type and r.name != owner.name]
    owners.append(owner)
    candidates = [r for r in resources if r.type in types]
    return companions_of(owners, candidates, via=via, names=names)[owner.name]
