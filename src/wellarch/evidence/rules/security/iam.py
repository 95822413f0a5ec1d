"""Security rules on least privilege: IAM policies that grant administrator access, wildcard
writes on every resource, or iam:PassRole on every role.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.common import (
    present,
    text_list,
)
from wellarch.evidence.rules.security.base import (
    LEAST_PRIVILEGE,
    Verdict,
    as_blocks,
    fail_for,
    join_names,
    pass_for,
    policy_document,
    policy_statements,
    unsure_for,
)

_IAM_POLICY_TYPES = (
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role",
)


def _iam_documents(r: Resource) -> list[tuple[str, Any]]:
    """(label, raw document) of each permissions policy a resource carries."""
    if r.type in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        return [("the policy", r.get("PolicyDocument"))]
    if r.type in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
        inline = r.get("Policies")
        if isinstance(inline, Unknown):
            return [("the inline policies", UNKNOWN)]
        found: list[tuple[str, Any]] = []
        for item in as_blocks(inline):
            if isinstance(item, Mapping):
                found.append(
                    (f"inline policy {item.get('PolicyName', '?')}", item.get("PolicyDocument"))
                )
            else:
                found.append(("an inline policy", UNKNOWN))
        return found
    if r.type == "aws_iam_role":
        found = []
        for item in as_blocks(r.get("inline_policy")):
            if isinstance(item, Mapping) and item.get("policy") is not None:
                found.append((f"inline policy {item.get('name', '?')}", item.get("policy")))
        return found
    return [("the policy", r.get("policy"))]


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text.lower())
    )


def _matches(pattern: str, action: str) -> bool:
    """IAM action matching: case-insensitive, * and ? wildcards."""
    return _pattern(pattern).fullmatch(action.lower()) is not None


def _all_resources(statement: Mapping[str, Any]) -> Verdict:
    if "NotResource" in statement:
        return True  # everything except a list
    resources = statement.get("Resource")
    if isinstance(resources, Unknown):
        return UNKNOWN
    items = text_list(resources)
    if "*" in items:
        return True
    if any(isinstance(i, Unknown) for i in items):
        return UNKNOWN
    return False


StatementJudge = Callable[[Mapping[str, Any]], "tuple[Verdict, str] | None"]


def _judge_policies(
    r: Resource,
    judge: StatementJudge,
    ok: str,
    extra: Sequence[tuple[Verdict, str]] = (),
) -> Check | None:
    """Run ``judge`` on every Allow statement of every policy of ``r``. ``judge`` returns
    (True, why) for a violation, (UNKNOWN, why) when values are missing, or None. ``extra``
    holds verdicts found elsewhere (attached managed policies); False there means checked
    and fine."""
    documents = _iam_documents(r)
    at = {
        "AWS::IAM::Role": "Policies",
        "AWS::IAM::User": "Policies",
        "AWS::IAM::Group": "Policies",
        "aws_iam_role": "inline_policy",
    }.get(r.type, "PolicyDocument" if r.format == "cloudformation" else "policy")
    problems = [why for verdict, why in extra if verdict is True]
    unknown = [why for verdict, why in extra if isinstance(verdict, Unknown)]
    checked = len(extra)
    for label, raw in documents:
        doc = policy_document(raw)
        if isinstance(doc, Unknown):
            unknown.append(f"{label} is built at deployment")
            continue
        if doc is None:
            continue
        statements = policy_statements(doc)
        if isinstance(statements, Unknown):
            unknown.append(f"the statements of {label} are built at deployment")
            continue
        checked += 1
        for statement in statements:
            if not isinstance(statement, Mapping):
                unknown.append(f"a statement of {label} is built at deployment")
                continue
            effect = statement.get("Effect")
            if isinstance(effect, Unknown):
                unknown.append(f"a statement effect in {label} is known only at deployment")
                continue
            if effect != "Allow":
                continue
            result = judge(statement)
            if result is None:
                continue
            verdict, why = result
            if verdict is True:
                problems.append(f"{label} {why}")
            elif isinstance(verdict, Unknown):
                unknown.append(f"{label} {why}")
    if problems:
        return fail_for(r, "; ".join(problems[:3]), at, at)
    if unknown:
        return unsure_for(r, "; ".join(unknown[:3]), at, at)
    if not checked:
        return None
    return pass_for(r, ok, at, at)


_ADMIN_ARN = re.compile(r"^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$")
_ATTACHMENTS = (
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
)


def _admin_arns(r: Resource) -> list[tuple[Verdict, str]]:
    arns = r.get("ManagedPolicyArns", "managed_policy_arns")
    if arns is None:
        return []
    if isinstance(arns, Unknown):
        return [(UNKNOWN, "the managed policy ARNs are known only at deployment")]
    found: list[tuple[Verdict, str]] = []
    for arn in text_list(arns):
        if isinstance(arn, Reference):
            continue  # a policy of this template, judged on its own
        if isinstance(arn, Unknown):
            found.append((UNKNOWN, "a managed policy ARN is known only at deployment"))
        elif isinstance(arn, str) and _ADMIN_ARN.match(arn):
            found.append((True, "AdministratorAccess is attached"))
        else:
            found.append((False, "a managed policy other than AdministratorAccess"))
    return found


@rule(
    "WA-SEC-018",
    title="IAM policies do not grant full administrator access",
    pillar="security",
    severity="high",
    choice=LEAST_PRIVILEGE,
    types=(*_IAM_POLICY_TYPES, *_ATTACHMENTS),
    checkov=("CKV_AWS_62",),
)
def iam_no_admin(r: Resource) -> Check | None:
    """A statement allowing every action on every resource (or the AdministratorAccess
    managed policy) turns any compromise of the principal into a compromise of the whole
    account. Workload identities should receive only the actions and resources they use."""
    if r.type in _ATTACHMENTS:
        arn = r.get("policy_arn")
        if isinstance(arn, str) and _ADMIN_ARN.match(arn):
            return fail_for(r, "attaches the AdministratorAccess managed policy", "", "policy_arn")
        if isinstance(arn, str):
            return pass_for(r, "attaches a policy other than AdministratorAccess", "", "policy_arn")
        if isinstance(arn, Reference):
            return None  # a policy of this module, judged on its own
        return unsure_for(
            r, "the attached policy ARN is known only at deployment", "", "policy_arn"
        )

    def judge(statement: Mapping[str, Any]) -> tuple[Verdict, str] | None:
        actions = text_list(statement.get("Action"))
        star = any(isinstance(a, str) and a in ("*", "*:*") for a in actions)
        if not star:
            if any(isinstance(a, Unknown) for a in actions):
                return UNKNOWN, "has actions known only at deployment"
            return None
        scope = _all_resources(statement)
        if scope is True:
            return True, 'allows every action ("*") on every resource'
        if isinstance(scope, Unknown):
            return UNKNOWN, 'allows "*" on resources known only at deployment'
        return None

    return _judge_policies(
        r,
        judge,
        "no statement or attached policy allows every action on every resource",
        _admin_arns(r),
    )


_WRITE_VERBS = (
    "put", "create", "delete", "update", "modify", "attach", "detach", "associate",
    "disassociate", "add", "remove", "set", "write", "terminate", "run", "start", "stop",
    "reboot", "restore", "import", "publish", "send", "invoke", "pass", "replace", "revoke",
    "authorize", "enable", "disable", "tag", "untag", "upload", "copy", "change", "reset",
    "register", "deregister", "apply", "execute", "cancel", "accept", "reject", "release",
    "allocate", "assume",
)  # fmt: skip


def _broad_write(action: str) -> bool:
    """A wildcard action that can match write or permission-management actions (``s3:*``,
    ``ec2:Delete*``, ``*``), or an IAM write action."""
    service, _, name = action.lower().partition(":")
    if action == "*" or (not name and "*" in service):
        return True
    if "*" not in name and "?" not in name:
        return service == "iam" and name.startswith(_WRITE_VERBS)
    prefix = re.split(r"[*?]", name, maxsplit=1)[0]
    return any(verb.startswith(prefix) or prefix.startswith(verb) for verb in _WRITE_VERBS)


@rule(
    "WA-SEC-019",
    title="IAM policies grant no wildcard write or IAM write actions on all resources",
    pillar="security",
    severity="medium",
    choice=LEAST_PRIVILEGE,
    types=_IAM_POLICY_TYPES,
    checkov=("CKV_AWS_111", "CKV_AWS_290"),
)
def iam_no_wildcard_write(r: Resource) -> Check | None:
    """Service-wide or verb wildcards such as s3:* or dynamodb:Delete* on Resource "*" let a
    principal change or destroy every resource of that service in the account, and IAM write
    actions on "*" let it grant itself more. Scope such statements to ARNs or constrain them
    with conditions."""

    def judge(statement: Mapping[str, Any]) -> tuple[Verdict, str] | None:
        if present(statement.get("Condition")):
            return None  # constrained by a condition (or by one known only at deployment)
        if "NotAction" in statement:
            broad: list[Any] = ["NotAction"]
        else:
            actions = text_list(statement.get("Action"))
            broad = [a for a in actions if isinstance(a, str) and _broad_write(a)]
            if not broad:
                if any(isinstance(a, Unknown) for a in actions):
                    return UNKNOWN, "has actions known only at deployment"
                return None
        scope = _all_resources(statement)
        what = "every action outside NotAction" if broad == ["NotAction"] else join_names(broad[:3])
        if scope is True:
            return True, f"allows {what} on every resource"
        if isinstance(scope, Unknown):
            return UNKNOWN, f"allows {what} on resources known only at deployment"
        return None

    return _judge_policies(
        r, judge, "no wildcard write or IAM write action applies to every resource"
    )


@rule(
    "WA-SEC-020",
    title="IAM policies do not allow iam:PassRole on every role",
    pillar="security",
    severity="high",
    choice=LEAST_PRIVILEGE,
    types=_IAM_POLICY_TYPES,
)
def iam_no_passrole_star(r: Resource) -> Check | None:
    """iam:PassRole decides which roles a principal may hand to a service such as EC2,
    Lambda or CloudFormation. On Resource "*" it can pass the most privileged role in the
    account to a compute service it controls and so escalate its own privileges."""

    def judge(statement: Mapping[str, Any]) -> tuple[Verdict, str] | None:
        if "NotAction" in statement:
            excluded = text_list(statement.get("NotAction"))
            if any(isinstance(a, Unknown) for a in excluded):
                return UNKNOWN, "has NotAction values known only at deployment"
            allows = not any(isinstance(a, str) and _matches(a, "iam:PassRole") for a in excluded)
            via = "NotAction"
        else:
            actions = text_list(statement.get("Action"))
            hits = [a for a in actions if isinstance(a, str) and _matches(a, "iam:PassRole")]
            if not hits and any(isinstance(a, Unknown) for a in actions):
                return UNKNOWN, "has actions known only at deployment"
            allows, via = bool(hits), (hits[0] if hits else "")
        if not allows:
            return None
        scope = _all_resources(statement)
        shown = "" if via == "iam:PassRole" else f" (through {via!r})"
        if scope is True:
            return True, f"allows iam:PassRole{shown} on every role"
        if isinstance(scope, Unknown):
            return UNKNOWN, f"allows iam:PassRole{shown} on roles known only at deployment"
        return None

    return _judge_policies(r, judge, "iam:PassRole, where allowed, is limited to named roles")
