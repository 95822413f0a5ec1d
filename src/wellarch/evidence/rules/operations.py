"""Rules of the operational excellence pillar: alarms that reach someone, tracing, access and
execution logs, and the metrics that show how a workload's dependencies behave.

Two helpers here are shared with the cost and sustainability modules: :func:`lookup` (like
``Resource.get``, but UNKNOWN when the path runs into a value known only at deployment) and
:func:`text` (a setting as text, or UNKNOWN for references and unresolved values).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Reference, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import number, present, text_list, truth

__all__ = ["block", "dynamic", "lookup", "text"]

ALERTS = "ops_workload_observability_create_alerts"
TRACING = "ops_observability_dist_trace"
TELEMETRY = "ops_observability_application_telemetry"
DEPENDENCIES = "ops_observability_dependency_telemetry"
METRICS = "ops_workload_observability_analyze_workload_metrics"


def lookup(r: Resource, *names: str) -> Any:
    """The first of ``names`` present (dotted paths walk into maps and one-item Terraform block
    lists), UNKNOWN when the walk reaches a value known only at deployment (a reference to
    another resource included), else None."""
    for name in names:
        value: Any = r.properties
        for part in name.split("."):
            if isinstance(value, Unknown | Reference):
                return UNKNOWN
            if isinstance(value, list) and len(value) == 1:
                if isinstance(value[0], Unknown | Reference):
                    return UNKNOWN
                value = value[0]
            if isinstance(value, Mapping) and part in value:
                value = value[part]
            elif isinstance(value, Mapping) and dynamic(value, part):
                return UNKNOWN
            else:
                break
        else:
            return value
    return None


def dynamic(value: Mapping[str, Any], name: str) -> bool:
    """Whether a Terraform ``dynamic "<name>"`` block generates blocks of that name (their
    number and content are known only when Terraform runs)."""
    return any(isinstance(d, Mapping) and name in d for d in text_list(value.get("dynamic")))


def text(value: Any) -> str | Unknown | None:
    """A setting as text; UNKNOWN for references and values resolved only at deployment."""
    if value is None:
        return None
    if isinstance(value, Unknown | Reference):
        return UNKNOWN
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return f"{value:g}"
    return UNKNOWN


def block(value: Any) -> Any:
    """A Terraform block (a one-item list) as its item; an empty block list as None."""
    if isinstance(value, list) and len(value) <= 1:
        return value[0] if value else None
    return value


# --- alarms ------------------------------------------------------------------------------------

ALARM_TYPES = (
    "AWS::CloudWatch::Alarm",
    "AWS::CloudWatch::CompositeAlarm",
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_composite_alarm",
)
#: Resources whose failure users notice first: what they are called in messages.
WATCHED = {
    "AWS::ElasticLoadBalancingV2::LoadBalancer": "load balancer",
    "AWS::ElasticLoadBalancing::LoadBalancer": "load balancer",
    "aws_lb": "load balancer",
    "aws_alb": "load balancer",
    "aws_elb": "load balancer",
    "AWS::RDS::DBInstance": "database",
    "AWS::RDS::DBCluster": "database",
    "aws_db_instance": "database",
    "aws_rds_cluster": "database",
    "AWS::DynamoDB::Table": "database",
    "AWS::Serverless::SimpleTable": "database",
    "aws_dynamodb_table": "database",
    "AWS::SQS::Queue": "queue",
    "aws_sqs_queue": "queue",
}


def _names(resources: Sequence[Resource], limit: int = 3) -> str:
    shown = ", ".join(r.name for r in resources[:limit])
    more = len(resources) - limit
    return f"{shown} and {more} more" if more > 0 else shown


@rule(
    "WA-OPS-001",
    title="Templates with load balancers, databases or queues define CloudWatch alarms",
    pillar="operationalExcellence",
    severity="medium",
    choice=ALERTS,
    types=(*WATCHED, *ALARM_TYPES),
    scope="unit",
)
def alarms_defined(resources: Sequence[Resource]) -> Iterable[Check]:
    """Load balancers, databases and queues are where users feel an outage first: error
    rates, latency, storage and message age show trouble minutes before customers report it.
    Defining the alarms next to the resources keeps them deployed and changed together."""
    watched = [r for r in resources if r.type in WATCHED]
    if not watched:
        return []
    alarms = [r for r in resources if r.type in ALARM_TYPES]
    kinds = sorted({WATCHED[r.type] for r in watched})
    what = " / ".join(kinds)
    if alarms:
        return [
            passed(
                f"{len(alarms)} CloudWatch alarm(s) are defined next to the {what} "
                f"resources ({_names(watched)})",
                resource=watched[0],
            )
        ]
    return [
        failed(
            f"no CloudWatch alarm is defined for {_names(watched)}: add alarms on the "
            f"{what} metrics that signal trouble (errors, latency, capacity, queue age)",
            resource=watched[0],
        )
    ]


@rule(
    "WA-OPS-002",
    title="CloudWatch alarms notify someone or trigger an action",
    pillar="operationalExcellence",
    severity="medium",
    choice=ALERTS,
    types=ALARM_TYPES,
    checkov=("CKV_AWS_319",),
)
def alarm_actions(r: Resource) -> Check | None:
    """An alarm without an action changes colour on a dashboard nobody is watching. Sending
    it to an SNS topic, an incident tool or an automated remediation makes the alert
    actionable; disabled actions silence it just as completely."""
    enabled_raw = r.get("ActionsEnabled", "actions_enabled")
    enabled = True if enabled_raw is None else truth(enabled_raw)
    if isinstance(enabled, Unknown):
        return undetermined(
            "whether alarm actions are enabled is known only at deployment",
            "ActionsEnabled",
            "actions_enabled",
        )
    if not enabled:
        return failed(
            "alarm actions are disabled: the alarm changes state but notifies no one",
            "ActionsEnabled",
            "actions_enabled",
        )
    actions = lookup(r, "AlarmActions", "alarm_actions")
    if isinstance(actions, Unknown) or (actions is not None and not isinstance(actions, list)):
        return undetermined(
            "the alarm actions are known only at deployment", "AlarmActions", "alarm_actions"
        )
    targets = [a for a in text_list(actions) if present(a)]
    if targets:
        return passed(
            f"the alarm triggers {len(targets)} action(s) when it fires",
            "AlarmActions",
            "alarm_actions",
        )
    other = (
        "; it only has OK or insufficient-data actions"
        if r.get("OKActions", "ok_actions", "InsufficientDataActions", "insufficient_data_actions")
        else ""
    )
    return failed(
        f"the alarm has no alarm actions{other}: send it to an SNS topic or an automated "
        "response so someone acts on it",
        "AlarmActions",
        "alarm_actions",
    )


# --- tracing -----------------------------------------------------------------------------------


@rule(
    "WA-OPS-003",
    title="Lambda functions send traces to AWS X-Ray",
    pillar="operationalExcellence",
    severity="low",
    choice=TRACING,
    types=("AWS::Lambda::Function", "AWS::Serverless::Function", "aws_lambda_function"),
    checkov=("CKV_AWS_50",),
)
def lambda_tracing(r: Resource) -> Check | None:
    """Without active tracing a slow or failing request can be followed only as far as the
    function's own logs. X-Ray traces show the time spent in each downstream call, which is
    how latency and errors in a distributed workload get located. SAM functions set it with
    Tracing (also in Globals)."""
    at = ("TracingConfig", "Tracing", "tracing_config")
    mode = text(lookup(r, "TracingConfig.Mode", "Tracing", "tracing_config.mode"))
    if isinstance(mode, Unknown):
        return undetermined("the tracing mode is known only at deployment", *at)
    if mode is None:
        return failed(
            "tracing is not configured (the default is PassThrough): set the mode to Active", *at
        )
    if mode.lower() == "active":
        return passed("active X-Ray tracing is enabled", *at)
    return failed(
        f"the tracing mode is {mode}: the function records no traces of its own; set it to Active",
        *at,
    )


@rule(
    "WA-OPS-004",
    title="API Gateway REST API stages send traces to AWS X-Ray",
    pillar="operationalExcellence",
    severity="low",
    choice=TRACING,
    types=(
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::Deployment",
        "AWS::Serverless::Api",
        "aws_api_gateway_stage",
    ),
    checkov=("CKV_AWS_73",),
)
def api_stage_tracing(r: Resource) -> Check | None:
    """The API is where a request's trace starts; with tracing off at the stage, traces of the
    functions and services behind it lose their entry point and the time spent in the API
    itself. SAM REST APIs set it with TracingEnabled (HTTP APIs do not support X-Ray)."""
    names: tuple[str, ...] = ("TracingEnabled", "xray_tracing_enabled")
    if r.type == "AWS::ApiGateway::Deployment":
        if r.get("StageName") is None:
            return None  # the deployment creates no stage
        names = ("StageDescription.TracingEnabled",)
    value = lookup(r, *names)
    enabled = truth(value)
    at = names[0].split(".")[0]
    if isinstance(enabled, Unknown):
        return undetermined("stage tracing is known only at deployment", at, names[-1])
    if enabled:
        return passed("X-Ray tracing is enabled on the stage", at, names[-1])
    return failed("X-Ray tracing is not enabled on the stage (it is off by default)", at, names[-1])


@rule(
    "WA-OPS-005",
    title="Step Functions state machines send traces to AWS X-Ray",
    pillar="operationalExcellence",
    severity="low",
    choice=TRACING,
    types=(
        "AWS::StepFunctions::StateMachine",
        "AWS::Serverless::StateMachine",
        "aws_sfn_state_machine",
    ),
    checkov=("CKV_AWS_284",),
)
def state_machine_tracing(r: Resource) -> Check | None:
    """A state machine fans one request out to many services; a trace shows which step was
    slow or failed without reading the execution history of each run."""
    at = ("TracingConfiguration", "Tracing", "tracing_configuration")
    names = ("TracingConfiguration.Enabled", "Tracing.Enabled", "tracing_configuration.enabled")
    enabled = truth(lookup(r, *names))
    if isinstance(enabled, Unknown):
        return undetermined("tracing is known only at deployment", *at)
    if enabled:
        return passed("X-Ray tracing is enabled", *at)
    return failed("X-Ray tracing is not enabled (it is off by default)", *at)


# --- logs ----------------------------------------------------------------------------------------


@rule(
    "WA-OPS-006",
    title="API Gateway stages write access logs",
    pillar="operationalExcellence",
    severity="medium",
    choice=TELEMETRY,
    types=(
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGatewayV2::Stage",
        "AWS::Serverless::Api",
        "AWS::Serverless::HttpApi",
        "aws_api_gateway_stage",
        "aws_apigatewayv2_stage",
    ),
    checkov=("CKV_AWS_76",),
)
def api_access_logs(r: Resource) -> Check | None:
    """Access logs record every request with caller, route, status and latency: the first
    place to look when clients report errors, and the data for usage and error-rate metrics.
    API Gateway writes none unless a destination is configured (SAM: AccessLogSetting on REST
    APIs, AccessLogSettings on HTTP APIs)."""
    if r.type == "AWS::ApiGateway::Deployment":
        if r.get("StageName") is None:
            return None
        names: tuple[str, ...] = ("StageDescription.AccessLogSetting",)
    else:
        names = ("AccessLogSetting", "AccessLogSettings", "access_log_settings")
    at = (names[0].split(".")[0], *names[1:])
    setting = block(lookup(r, *names))
    if isinstance(setting, Unknown) or (setting is not None and not isinstance(setting, Mapping)):
        return undetermined("the access log settings are known only at deployment", *at)
    destination = setting.get("DestinationArn", setting.get("destination_arn")) if setting else None
    if present(destination):
        return passed("access logs are written to a log destination", *at)
    return failed(
        "no access log destination is configured: the stage keeps no record of requests", *at
    )


def _containers(value: Any) -> list[Any] | Unknown:
    """ECS container definitions: a list (CloudFormation) or JSON text (Terraform)."""
    if isinstance(value, Reference | Unknown):
        return UNKNOWN
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return UNKNOWN
    if isinstance(value, list):
        return value
    return UNKNOWN


@rule(
    "WA-OPS-007",
    title="ECS containers send their logs to a log driver",
    pillar="operationalExcellence",
    severity="medium",
    choice=TELEMETRY,
    types=("AWS::ECS::TaskDefinition", "aws_ecs_task_definition"),
)
def ecs_container_logs(r: Resource) -> Check | None:
    """A container without a log configuration writes its output nowhere that survives the
    task: when the task stops, the evidence of why goes with it. A log driver (awslogs or
    FireLens) keeps application output searchable after the fact."""
    containers = _containers(r.get("ContainerDefinitions", "container_definitions"))
    at = ("ContainerDefinitions", "container_definitions")
    if isinstance(containers, Unknown):
        return undetermined("the container definitions are known only at deployment", *at)
    if not containers:
        return None
    missing: list[str] = []
    unknown = False
    for index, container in enumerate(containers):
        if not isinstance(container, Mapping):
            unknown = True
            continue
        name = container.get("Name", container.get("name", f"#{index + 1}"))
        label = name if isinstance(name, str) else f"#{index + 1}"
        config = container.get("LogConfiguration", container.get("logConfiguration"))
        if isinstance(config, Unknown):
            unknown = True
            continue
        driver = (
            text(config.get("LogDriver", config.get("logDriver")))
            if isinstance(config, Mapping)
            else None
        )
        if isinstance(driver, Unknown):
            unknown = True
        elif driver is None or driver == "none":
            missing.append(label)
    if missing:
        which = (
            f"container {missing[0]} has"
            if len(missing) == 1
            else f"containers {', '.join(missing)} have"
        )
        return failed(f"{which} no log configuration: output is lost when the task stops", *at)
    if unknown:
        return undetermined("some log configurations are known only at deployment", *at)
    return passed(f"all {len(containers)} container(s) send logs to a log driver", *at)


@rule(
    "WA-OPS-008",
    title="Step Functions state machines log their executions",
    pillar="operationalExcellence",
    severity="medium",
    choice=TELEMETRY,
    types=(
        "AWS::StepFunctions::StateMachine",
        "AWS::Serverless::StateMachine",
        "aws_sfn_state_machine",
    ),
    checkov=("CKV_AWS_285",),
)
def state_machine_logs(r: Resource) -> Check | None:
    """Execution logs show which state failed and with what input; Express workflows keep no
    execution history at all without them. Logging is off unless a level other than OFF and
    a log group are configured (SAM: Logging)."""
    at = ("LoggingConfiguration", "Logging", "logging_configuration")
    level = text(
        lookup(r, "LoggingConfiguration.Level", "Logging.Level", "logging_configuration.level")
    )
    if isinstance(level, Unknown):
        return undetermined("the logging level is known only at deployment", *at)
    if level is None or level.upper() == "OFF":
        return failed("execution logging is off: failed executions leave no log trail", *at)
    return passed(f"executions are logged at level {level}", *at)


# --- metrics -------------------------------------------------------------------------------------


@rule(
    "WA-OPS-009",
    title="RDS database instances collect Enhanced Monitoring metrics",
    pillar="operationalExcellence",
    severity="low",
    choice=DEPENDENCIES,
    types=("AWS::RDS::DBInstance", "aws_db_instance", "aws_rds_cluster_instance"),
    checkov=("CKV_AWS_118",),
)
def rds_enhanced_monitoring(r: Resource) -> Check | None:
    """The database is the dependency most workloads wait on. Enhanced Monitoring adds
    operating-system metrics (per-process CPU, memory, I/O) at up to one-second granularity,
    which standard CloudWatch metrics cannot show when the database slows down."""
    at = ("MonitoringInterval", "monitoring_interval")
    interval = number(r.get(*at))
    if isinstance(interval, Unknown):
        return undetermined("the monitoring interval is known only at deployment", *at)
    if not interval:
        why = "the interval is 0" if interval == 0 else "no interval is set (default 0)"
        return failed(
            f"Enhanced Monitoring is off ({why}): set an interval such as 60 seconds", *at
        )
    return passed(f"Enhanced Monitoring collects metrics every {interval:g} seconds", *at)


@rule(
    "WA-OPS-010",
    title="ECS clusters have Container Insights enabled",
    pillar="operationalExcellence",
    severity="low",
    choice=METRICS,
    types=("AWS::ECS::Cluster", "aws_ecs_cluster"),
    checkov=("CKV_AWS_65",),
)
def ecs_container_insights(r: Resource) -> Check | None:
    """Without Container Insights an ECS cluster reports only cluster and service totals;
    the task- and container-level CPU, memory, network and restart metrics needed to find a
    misbehaving task are not collected."""
    at = ("ClusterSettings", "setting")
    settings = lookup(r, *at)
    if isinstance(settings, Unknown) or (settings is not None and not isinstance(settings, list)):
        return undetermined("the cluster settings are known only at deployment", *at)
    for item in text_list(settings):
        if not isinstance(item, Mapping):
            return undetermined("the cluster settings are known only at deployment", *at)
        name = text(item.get("Name", item.get("name")))
        if name != "containerInsights":
            continue
        value = text(item.get("Value", item.get("value")))
        if isinstance(value, Unknown):
            return undetermined("the Container Insights setting is known only at deployment", *at)
        if value in ("enabled", "enhanced"):
            return passed(f"Container Insights is {value}", *at)
        return failed(
            f"Container Insights is {value}: task- and container-level metrics are not collected",
            *at,
        )
    return failed(
        "Container Insights is not enabled on the cluster (it is off unless the account "
        "default turns it on)",
        *at,
    )
