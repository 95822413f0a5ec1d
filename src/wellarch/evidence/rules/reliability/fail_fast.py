"""Reliability rules on failing fast and throttling: Lambda dead-letter queues and on-failure
destinations (with SAM's forms), reserved concurrency, SQS redrive policies.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import Reference, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import (
    companions_of,
    number,
    place,
    present,
)
from wellarch.evidence.rules.common import (
    literal as _literal,
)

FAIL_FAST = "rel_mitigate_interaction_failure_fail_fast"
THROTTLE = "rel_mitigate_interaction_failure_throttle_requests"

_LAMBDA = ("AWS::Lambda::Function", "AWS::Serverless::Function", "aws_lambda_function")


#: Callers that invoke functions synchronously (CloudFormation: macros).
_SYNC_PRINCIPALS = (
    "apigateway.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "cloudformation.amazonaws.com",
)
_INVOKE_CONFIGS = ("AWS::Lambda::EventInvokeConfig", "aws_lambda_function_event_invoke_config")
_FUNCTION_NAME = ("FunctionName", "function_name")
#: SAM event source types that invoke a function synchronously or by polling.
_SAM_SYNC_EVENTS = frozenset(
    {"Api", "HttpApi", "SQS", "Kinesis", "DynamoDB", "MSK", "MQ", "SelfManagedKafka", "DocumentDB"}
)
_TRIGGERS = (
    "AWS::Lambda::Permission",
    "aws_lambda_permission",
    "AWS::Lambda::EventSourceMapping",
    "aws_lambda_event_source_mapping",
    "AWS::Lambda::Url",
    "aws_lambda_function_url",
    "AWS::CloudFormation::Macro",  # macros are invoked synchronously
)


def _references(value: Any, depth: int = 0) -> Iterator[str]:
    """Names of the resources referenced anywhere inside a value."""
    if depth > 12:
        return
    if isinstance(value, Reference):
        yield value.target
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _references(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item, depth + 1)


def _edge_function(fn: Resource, resources: Sequence[Resource]) -> bool:
    """Whether a CloudFront distribution of the template runs ``fn`` (or a version of it) as
    Lambda@Edge, which supports no dead-letter queue or destination."""
    if fn.format != "cloudformation":
        return False
    names = {fn.name} | {
        r.name
        for r in resources
        if r.type == "AWS::Lambda::Version"
        and isinstance(version_of := r.get("FunctionName"), Reference)
        and version_of.names(fn)
    }
    return any(
        names & set(_references(r.properties))
        for r in resources
        if r.type == "AWS::CloudFront::Distribution"
    )


def _sam_triggers(fn: Resource) -> list[bool]:
    """For each trigger a SAM function declares (its Events, a function URL): whether it
    invokes the function synchronously or by polling."""
    if fn.type != "AWS::Serverless::Function":
        return []
    found = [True] if present(fn.get("FunctionUrlConfig")) else []
    events = fn.get("Events")
    if isinstance(events, Mapping):
        for event in events.values():
            kind = event.get("Type") if isinstance(event, Mapping) else None
            found.append(kind in _SAM_SYNC_EVENTS)
    elif events is not None:
        found.append(False)  # known only at deployment
    return found


def _only_synchronous(fn: Resource, linked: Sequence[Resource]) -> bool:
    """True when every trigger the unit shows for ``fn`` (``linked``: its permissions, event
    source mappings, URLs and macros) invokes it synchronously (API Gateway, a load balancer,
    a function URL) or by polling (event source mappings, SAM queue and stream events) — never
    when no trigger is visible."""
    sam = _sam_triggers(fn)
    if not linked and not sam:
        return False
    if not all(sam):
        return False
    for trigger in linked:
        if trigger.type in ("AWS::Lambda::Permission", "aws_lambda_permission"):
            principal = _literal(trigger.get("Principal", "principal"))
            if principal not in _SYNC_PRINCIPALS:
                return False
    return True


def _sam_on_failure(fn: Resource) -> bool:
    """Whether a SAM function's EventInvokeConfig names an on-failure destination (for SQS
    and SNS, SAM creates the queue or topic when no Destination is given)."""
    on_failure = fn.get("EventInvokeConfig.DestinationConfig.OnFailure")
    if fn.type != "AWS::Serverless::Function" or not isinstance(on_failure, Mapping):
        return False
    return present(on_failure.get("Destination")) or on_failure.get("Type") in ("SQS", "SNS")


@rule(
    "WA-REL-014",
    title="Lambda functions keep failed asynchronous events (dead-letter queue or destination)",
    pillar="reliability",
    severity="medium",
    choice=FAIL_FAST,
    types=(*_LAMBDA, *_INVOKE_CONFIGS),
    scope="unit",
    checkov=("CKV_AWS_116",),
)
def lambda_dead_letter(resources: Sequence[Resource]) -> Iterator[Check]:
    """Lambda retries a failing asynchronous event twice and then discards it. A dead-letter
    queue or an on-failure destination keeps such events for inspection and replay. Functions
    the template shows to be invoked only synchronously (API Gateway, load balancer, queue
    polling, CloudFormation macros) and Lambda@Edge functions are skipped. SAM functions
    count with DeadLetterQueue or an EventInvokeConfig OnFailure destination."""
    functions = [r for r in resources if r.type in _LAMBDA]
    configs = [r for r in resources if r.type in _INVOKE_CONFIGS]
    matches = companions_of(functions, configs, via=_FUNCTION_NAME, names=_FUNCTION_NAME)
    triggers = companions_of(
        functions,
        [r for r in resources if r.type in _TRIGGERS],
        via=("FunctionName", "TargetFunctionArn", "function_name"),
        names=_FUNCTION_NAME,
    )
    at = (
        "DeadLetterConfig.TargetArn",
        "DeadLetterConfig",
        "DeadLetterQueue",
        "EventInvokeConfig",
        "dead_letter_config",
    )
    for fn in functions:
        if present(
            fn.get(
                "DeadLetterConfig.TargetArn",
                "DeadLetterQueue.TargetArn",
                "dead_letter_config.target_arn",
            )
        ):
            yield passed("failed asynchronous events go to a dead-letter queue", *at, resource=fn)
            continue
        if _sam_on_failure(fn):
            yield passed(
                "failed asynchronous events go to an on-failure destination", *at, resource=fn
            )
            continue
        linked, unresolved = matches[fn.name].found, matches[fn.name].possible
        destination = (
            "DestinationConfig.OnFailure.Destination",
            "destination_config.on_failure.destination",
        )
        if any(present(c.get(*destination)) for c in linked):
            yield passed("failed asynchronous events go to an on-failure destination", resource=fn)
            continue
        if any(present(c.get(*destination)) for c in unresolved):
            yield undetermined(
                "an on-failure destination is configured, but for which function is known only "
                "at deployment",
                resource=fn,
            )
            continue
        if _only_synchronous(fn, triggers[fn.name].found) or _edge_function(fn, resources):
            continue
        yield failed(
            "no dead-letter queue or on-failure destination: asynchronous events that still "
            "fail after two retries are discarded",
            *at,
            resource=fn,
        )


@rule(
    "WA-REL-015",
    title="Lambda functions have reserved concurrency",
    pillar="reliability",
    severity="low",
    choice=THROTTLE,
    types=_LAMBDA,
    checkov=("CKV_AWS_115",),
)
def lambda_reserved_concurrency(r: Resource) -> Check | None:
    """All functions of an account and Region share one concurrency pool. Reserved concurrency
    guarantees a function its share and caps it, so a surge in one function can neither
    starve the others nor flood the databases and APIs behind it."""
    at = ("ReservedConcurrentExecutions", "reserved_concurrent_executions")
    value = number(r.get(*at))
    if isinstance(value, Unknown):
        return undetermined("reserved concurrency is known only at deployment", *at)
    if value is None or value < 0:
        return failed(
            "no reserved concurrency: the function competes for the account's shared pool "
            "and has no upper limit",
            *at,
        )
    if value == 0:
        return failed("reserved concurrency is 0: every invocation is throttled", *at)
    return passed(f"reserved concurrency is {value:g}", *at)


_QUEUES = ("AWS::SQS::Queue", "aws_sqs_queue")
_DLQ_HINTS = ("dlq", "deadletter", "dead-letter", "dead_letter")


def _dead_letter_targets(resources: Sequence[Resource]) -> set[str]:
    """Resources referenced as a dead-letter or on-failure target anywhere in a unit."""
    found: set[str] = set()

    def walk(value: Any, inside: bool, depth: int) -> None:
        if depth > 8:
            return
        if isinstance(value, Reference):
            if inside:
                found.add(value.target)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                lowered = str(key).lower().replace("_", "").replace("-", "")
                hit = "deadletter" in lowered or "onfailure" in lowered
                walk(item, inside or hit, depth + 1)
        elif isinstance(value, list):
            for item in value:
                walk(item, inside, depth + 1)

    for r in resources:
        walk(r.properties, False, 0)
    return found


def _redrive_check(policy: Any, queue: Resource) -> Check:
    at = ("RedrivePolicy", "redrive_policy")
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError:
            return undetermined("the redrive policy is not valid JSON", *at, resource=queue)
    if isinstance(policy, Mapping):
        target = policy.get("deadLetterTargetArn")
        receives = number(policy.get("maxReceiveCount"))
        if target is None:
            return failed("the redrive policy names no dead-letter queue", *at, resource=queue)
        after = f" after {receives:g} receives" if isinstance(receives, float) else ""
        return passed(f"failing messages move to a dead-letter queue{after}", *at, resource=queue)
    if queue.format != "cloudformation":
        # Terraform writes the policy with jsonencode(...), which is resolved only at apply.
        return passed("a redrive policy is set", *at, resource=queue)
    return undetermined("the redrive policy is known only at deployment", *at, resource=queue)


@rule(
    "WA-REL-016",
    title="SQS queues have a dead-letter queue (redrive policy)",
    pillar="reliability",
    severity="medium",
    choice=FAIL_FAST,
    types=(*_QUEUES, "aws_sqs_queue_redrive_policy"),
    scope="unit",
)
def sqs_redrive_policy(resources: Sequence[Resource]) -> Iterator[Check]:
    """A message that always fails processing returns to the queue again and again, using up
    consumer capacity and delaying good messages until it expires. A redrive policy moves it
    to a dead-letter queue after a few attempts. Queues that are themselves dead-letter
    queues are skipped."""
    queues = [r for r in resources if r.type in _QUEUES]
    if not queues:
        return
    dead_letters = _dead_letter_targets(resources)
    tf_queues = [q for q in queues if q.type == "aws_sqs_queue"]
    matches = companions_of(
        tf_queues,
        [r for r in resources if r.type == "aws_sqs_queue_redrive_policy"],
        via=("queue_url",),
        names=("name",),
    )
    others_unknown = False  # Terraform: another queue's redrive target is not known
    for q in tf_queues:
        policy = q.get("redrive_policy")
        if present(policy) and not isinstance(_literal(policy), str):
            others_unknown = True
    for queue in queues:
        name = str(_literal(queue.get("QueueName", "name")) or "") + " " + place(queue)[1]
        if (
            queue.name in dead_letters
            or present(queue.get("RedriveAllowPolicy", "redrive_allow_policy"))
            or any(hint in name.lower() for hint in _DLQ_HINTS)
        ):
            continue  # a dead-letter queue itself
        policy = queue.get("RedrivePolicy", "redrive_policy")
        if present(policy):
            yield _redrive_check(policy, queue)
            continue
        if queue.format == "cloudformation":
            yield failed(
                "no redrive policy: a message that always fails is retried until it expires",
                "RedrivePolicy",
                resource=queue,
            )
            continue
        linked, unresolved = matches[queue.name].found, matches[queue.name].possible
        if linked:
            yield _redrive_check(linked[0].get("redrive_policy"), queue)
        elif unresolved or others_unknown:
            yield undetermined(
                "no redrive policy on this queue; it may be another queue's dead-letter queue "
                "or get its policy from a separate resource (known only at deployment)",
                resource=queue,
            )
        else:
            yield failed(
                "no redrive policy: a message that always fails is retried until it expires",
                "redrive_policy",
                resource=queue,
            )
