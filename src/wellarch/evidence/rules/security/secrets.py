"""Security rules on secrets in plain text: function and container environment variables, EC2
user data.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.common import (
    literal as _literal,
)
from wellarch.evidence.rules.security.base import (
    SECRETS,
    as_blocks,
    fail_for,
    join_names,
    pass_for,
    unsure_for,
)

_SECRET_NAME = re.compile(
    r"PASSWORD|PASSWD|(^|_)PWD($|_)|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL"
    r"|AUTH_?KEY",
    re.IGNORECASE,
)
_POINTER_SUFFIX = re.compile(
    r"_(ARN|NAME|ID|PATH|PARAM|PARAMETER|SSM|SECRET_ID|URL|URI|FILE|TTL|EXPIRY|EXPIRATION"
    r"|LENGTH|HEADER|TYPE|ENABLED|REGION|VERSION|KEY_ID|ENDPOINT|LOCATION)$",
    re.IGNORECASE,
)
_ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")


def _secret_name(name: str) -> bool:
    normalized = name.replace("-", "_")
    return bool(_SECRET_NAME.search(normalized)) and not _POINTER_SUFFIX.search(normalized)


def _looks_like_pointer(value: str) -> bool:
    lowered = value.strip().lower()
    return (
        lowered.startswith(("arn:", "{{resolve:", "/", "${", "$(", "ssm:", "secretsmanager:"))
        or lowered in ("", "true", "false", "none", "null")
        or lowered.isdigit()
    )


def _secret_shape(value: str) -> str | None:
    if _ACCESS_KEY.search(value):
        return "an AWS access key ID"
    if _PRIVATE_KEY.search(value):
        return "a private key"
    return None


def _environment(r: Resource) -> list[tuple[str, Any]] | Unknown:
    """(name, value) pairs of a function's or task definition's environment variables."""
    if r.type in ("AWS::Lambda::Function", "AWS::Serverless::Function", "aws_lambda_function"):
        variables = r.get("Environment.Variables", "environment.variables")
        if isinstance(variables, Unknown):
            return UNKNOWN
        if not isinstance(variables, Mapping):
            return []
        return [(str(k), v) for k, v in variables.items()]
    if r.type == "AWS::ECS::TaskDefinition":
        containers: Any = r.get("ContainerDefinitions")
        name_key, value_key, env_key = "Name", "Value", "Environment"
    else:
        raw = r.get("container_definitions")
        if isinstance(raw, str):
            try:
                containers = json.loads(raw)
            except ValueError:
                return []
        else:
            containers = UNKNOWN if raw is not None else []
        name_key, value_key, env_key = "name", "value", "environment"
    if isinstance(containers, Unknown):
        return UNKNOWN
    pairs: list[tuple[str, Any]] = []
    for container in as_blocks(containers):
        if not isinstance(container, Mapping):
            return UNKNOWN
        environment = container.get(env_key)
        if isinstance(environment, Unknown):
            return UNKNOWN
        for item in as_blocks(environment):
            if isinstance(item, Mapping):
                pairs.append((str(item.get(name_key, "?")), item.get(value_key)))
    return pairs


@rule(
    "WA-SEC-024",
    title="Function and container environment variables hold no plain-text secrets",
    pillar="security",
    severity="high",
    choice=SECRETS,
    types=(
        "AWS::Lambda::Function",
        "AWS::Serverless::Function",
        "aws_lambda_function",
        "AWS::ECS::TaskDefinition",
        "aws_ecs_task_definition",
    ),
    checkov=("CKV_AWS_45",),
)
def no_secrets_in_environment(r: Resource) -> Check | None:
    """Environment variables are shown in the console and returned by describe APIs to
    anyone with read access, and they end up in templates, state files and source control.
    Secrets belong in Secrets Manager or Parameter Store, referenced by ARN or fetched at
    runtime (ECS task definitions have a Secrets section for this)."""
    at = {
        "AWS::ECS::TaskDefinition": ("ContainerDefinitions", ""),
        "aws_ecs_task_definition": ("", "container_definitions"),
    }.get(r.type, ("Environment", "environment"))
    pairs = _environment(r)
    if isinstance(pairs, Unknown):
        return unsure_for(r, "the environment variables are built at deployment", *at)
    if not pairs:
        return None
    found: list[str] = []
    supplied: list[str] = []
    for name, value in pairs:
        literal = _literal(value)
        if literal is not None:
            shape = _secret_shape(literal)
            if shape:
                found.append(f"{name} holds {shape}")
            elif _secret_name(name) and not _looks_like_pointer(literal):
                found.append(f"{name} holds a literal value")
        elif isinstance(value, Unknown) and _secret_name(name):
            supplied.append(name)
    if found:
        return fail_for(
            r,
            f"plain-text secret in the environment: {join_names(found[:3])}; store it in Secrets "
            "Manager or Parameter Store and pass a reference",
            *at,
        )
    if supplied:
        return unsure_for(
            r,
            f"{join_names(supplied[:3])} {'is' if len(supplied) == 1 else 'are'} set at "
            "deployment; if the value is the secret itself it is stored in plain text — pass a "
            "Secrets Manager reference instead",
            *at,
        )
    return pass_for(r, "no environment variable holds a literal secret", *at)


_USER_DATA_ASSIGNMENT = re.compile(
    r"\b([A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY)[A-Za-z0-9_]*)\s*[=:]\s*"
    r"""['"]?([^\s'"$`]{4,})""",
    re.IGNORECASE,
)
_USER_DATA_FLAG = re.compile(
    r"""--(?:password|secret|token|api-key)[= ]['"]?([^\s'"$`-][^\s'"$`]{3,})""", re.IGNORECASE
)
_USER_DATA_SECRET_KEY = re.compile(
    r"aws_secret_access_key\s*[= ]\s*['\"]?[A-Za-z0-9/+=]{40}", re.IGNORECASE
)


def _decode_user_data(value: str, encoded: bool) -> str:
    if not encoded:
        return value
    try:
        return base64.b64decode(value, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return value  # not Base64 after all: scan the text as written


def _user_data_secrets(text: str) -> list[str]:
    found: list[str] = []
    shape = _secret_shape(text)
    if shape:
        found.append(shape)
    if _USER_DATA_SECRET_KEY.search(text):
        found.append("an AWS secret access key")
    for match in _USER_DATA_ASSIGNMENT.finditer(text):
        if not _POINTER_SUFFIX.search(match.group(1)) and not _looks_like_pointer(match.group(2)):
            found.append(f"a literal {match.group(1)}")
    if _USER_DATA_FLAG.search(text):
        found.append("a password or token on a command line")
    return found


@rule(
    "WA-SEC-025",
    title="EC2 user data holds no plain-text secrets",
    pillar="security",
    severity="high",
    choice=SECRETS,
    types=(
        "AWS::EC2::Instance",
        "aws_instance",
        "AWS::EC2::LaunchTemplate",
        "aws_launch_template",
        "AWS::AutoScaling::LaunchConfiguration",
        "aws_launch_configuration",
    ),
    checkov=("CKV_AWS_46",),
)
def no_secrets_in_user_data(r: Resource) -> Check | None:
    """User data can be read by anyone allowed to describe the instance attribute and by
    any process on the instance through the metadata service, and it is kept in templates
    and state. Boot scripts should fetch secrets from Secrets Manager or Parameter Store
    with the instance role."""
    if r.type == "AWS::EC2::LaunchTemplate":
        value, encoded, at = r.get("LaunchTemplateData.UserData"), True, ("LaunchTemplateData", "")
    elif r.format == "cloudformation":
        value, encoded, at = r.get("UserData"), True, ("UserData", "")
    elif r.type == "aws_launch_template":
        value, encoded, at = r.get("user_data"), True, ("", "user_data")
    elif r.get("user_data_base64") is not None:
        value, encoded, at = r.get("user_data_base64"), True, ("", "user_data_base64")
    else:
        value, encoded, at = r.get("user_data"), False, ("", "user_data")
    if value is None:
        return None
    text = _literal(value)
    if text is None:
        return unsure_for(
            r,
            "the user data is built at deployment (Fn::Base64, templatefile, file) and could "
            "not be read",
            *at,
        )
    found = _user_data_secrets(_decode_user_data(text, encoded))
    if found:
        return fail_for(
            r,
            f"user data contains {join_names(found[:3])}; fetch secrets at boot from Secrets "
            "Manager or Parameter Store instead",
            *at,
        )
    return pass_for(r, "the user data contains no recognizable secret", *at)
