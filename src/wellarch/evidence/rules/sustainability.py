"""Rules of the sustainability pillar: energy-efficient processors, capacity that follows
demand, and data that is moved to colder storage or removed when it is no longer needed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, failed, passed, rule, undetermined
from wellarch.evidence.rules.common import (
    TABLE_TYPES,
    Companions,
    billing_mode,
    companions_of,
    present,
    text_list,
)
from wellarch.evidence.rules.cost import (
    BUCKET_NAME,
    BUCKET_TYPES,
    LIFECYCLE_TYPE,
    UNCLEAR,
    bucket_lifecycles,
    has_rule,
    verdict,
)
from wellarch.evidence.rules.operations import block, lookup, text

HARDWARE = "sus_sus_hardware_a3"
SCALING = "sus_sus_user_a2"
DATA_LIFECYCLE = "sus_sus_data_a4"
REMOVE_DATA = "sus_sus_data_a6"

_TYPE = re.compile(r"^(?:db\.|cache\.)?([a-z]+)(\d+)([a-z0-9-]*)\.")
#: Families that have Graviton equivalents; accelerated and special-purpose families do not.
GRAVITON_FAMILIES = {"t", "m", "c", "r", "x", "i", "im", "is"}


def graviton(instance_type: str) -> bool | None:
    """True for Graviton (arm64) types, False for x86 types of a family that has a Graviton
    equivalent, None when there is no Graviton choice (GPUs, accelerators, unknown names)."""
    match = _TYPE.match(instance_type)
    if match is None:
        return None
    family, generation, attributes = match.groups()
    if family == "a" and generation == "1":
        return True
    if "g" in attributes:
        return True
    return False if family in GRAVITON_FAMILIES else None


@rule(
    "WA-SUS-001",
    title="Lambda functions run on arm64 (Graviton)",
    pillar="sustainability",
    severity="low",
    choice=HARDWARE,
    types=("AWS::Lambda::Function", "AWS::Serverless::Function", "aws_lambda_function"),
)
def lambda_arm64(r: Resource) -> Check | None:
    """Graviton processors use up to 60 % less energy than comparable x86 processors for the
    same work, and arm64 Lambda functions are also billed about 20 % less per GB-second. Most
    interpreted runtimes move by changing the architecture setting."""
    at = ("Architectures", "architectures")
    value = lookup(r, *at)
    if isinstance(value, Unknown) or (value is not None and not isinstance(value, list)):
        return undetermined("the architecture is known only at deployment", *at)
    archs = [text(a) for a in text_list(value)]
    if any(isinstance(a, Unknown) for a in archs):
        return undetermined("the architecture is known only at deployment", *at)
    if "arm64" in archs:
        return passed("the function runs on arm64 (Graviton)", *at)
    shown = ", ".join(str(a) for a in archs) or "x86_64 (the default)"
    return failed(f"the function runs on {shown}: switch to arm64 (Graviton)", *at)


EC2_TYPE = {
    "AWS::EC2::Instance": "InstanceType",
    "aws_instance": "instance_type",
    "AWS::EC2::LaunchTemplate": "LaunchTemplateData.InstanceType",
    "aws_launch_template": "instance_type",
    "AWS::AutoScaling::LaunchConfiguration": "InstanceType",
    "aws_launch_configuration": "instance_type",
}


@rule(
    "WA-SUS-002",
    title="EC2 instances and launch templates use Graviton instance types",
    pillar="sustainability",
    severity="low",
    choice=HARDWARE,
    types=tuple(EC2_TYPE),
)
def ec2_graviton(r: Resource) -> Check | None:
    """For the same performance, Graviton-based instances use up to 60 % less energy than
    comparable x86 instances. General-purpose, compute, memory and storage families all have
    Graviton variants (the "g" in m7g, c7g, r7g)."""
    name = EC2_TYPE[r.type]
    value = text(lookup(r, name))
    if value is None:
        if r.type == "AWS::EC2::Instance" and r.get("LaunchTemplate") is None:
            value = "m1.small"  # CloudFormation's default instance type
        else:
            return None  # chosen by a launch template or a mixed instances policy
    if isinstance(value, Unknown):
        return undetermined("the instance type is known only at deployment", name)
    arm = graviton(value)
    if arm is None:
        return None
    if arm:
        return passed(f"{value} is a Graviton instance type", name)
    return failed(f"{value} is an x86 instance type: a Graviton equivalent uses less energy", name)


@rule(
    "WA-SUS-003",
    title="ECS Fargate tasks run on ARM64 (Graviton)",
    pillar="sustainability",
    severity="low",
    choice=HARDWARE,
    types=("AWS::ECS::TaskDefinition", "aws_ecs_task_definition"),
)
def fargate_arm64(r: Resource) -> Check | None:
    """Fargate tasks on ARM64 run on Graviton processors, which do the same work with less
    energy and cost about 20 % less than X86_64 tasks. Multi-architecture container images
    make the switch a task definition change."""
    compat = lookup(r, "RequiresCompatibilities", "requires_compatibilities")
    if isinstance(compat, Unknown):
        return undetermined(
            "the launch type is known only at deployment",
            "RequiresCompatibilities",
            "requires_compatibilities",
        )
    if "FARGATE" not in [text(c) for c in text_list(compat)]:
        return None  # EC2 tasks run on whatever the instances are (WA-SUS-002)
    at = ("RuntimePlatform", "runtime_platform")
    family = text(
        lookup(
            r, "RuntimePlatform.OperatingSystemFamily", "runtime_platform.operating_system_family"
        )
    )
    if isinstance(family, str) and family.upper().startswith("WINDOWS"):
        return None  # Windows containers on Fargate are x86 only
    arch = text(lookup(r, "RuntimePlatform.CpuArchitecture", "runtime_platform.cpu_architecture"))
    if isinstance(arch, Unknown):
        return undetermined("the CPU architecture is known only at deployment", *at)
    if arch is not None and arch.upper() == "ARM64":
        return passed("the task runs on ARM64 (Graviton)", *at)
    shown = arch or "X86_64 (the default)"
    return failed(f"the task runs on {shown}: set the CPU architecture to ARM64", *at)


DB_ENGINES_ON_GRAVITON = ("mysql", "mariadb", "postgres", "aurora")


@rule(
    "WA-SUS-004",
    title="RDS database instances use Graviton instance classes",
    pillar="sustainability",
    severity="low",
    choice=HARDWARE,
    types=("AWS::RDS::DBInstance", "aws_db_instance", "aws_rds_cluster_instance"),
)
def rds_graviton(r: Resource) -> Check | None:
    """RDS for MySQL, MariaDB and PostgreSQL and both Aurora editions run on Graviton classes
    (db.m7g, db.r7g, db.t4g), which use less energy than x86 classes for the same throughput
    and cost less per hour."""
    at = ("DBInstanceClass", "instance_class")
    engine = text(r.get("Engine", "engine"))
    klass = text(r.get(*at))
    if klass is None or engine is None:
        return None
    if isinstance(engine, Unknown) or isinstance(klass, Unknown):
        return undetermined("the engine or instance class is known only at deployment", *at)
    if not engine.lower().startswith(DB_ENGINES_ON_GRAVITON):
        return None  # SQL Server, Oracle and Db2 have no Graviton classes
    arm = graviton(klass)
    if arm is None:
        return None  # db.serverless and special classes
    if arm:
        return passed(f"{klass} is a Graviton class", *at)
    return failed(f"{klass} is an x86 class: the Graviton equivalent uses less energy", *at)


TIERING_TYPE = "aws_s3_bucket_intelligent_tiering_configuration"


@rule(
    "WA-SUS-005",
    title="S3 data moves to colder storage classes or expires",
    pillar="sustainability",
    severity="low",
    choice=DATA_LIFECYCLE,
    types=(*BUCKET_TYPES, LIFECYCLE_TYPE, TIERING_TYPE),
    scope="unit",
)
def s3_data_tiering(resources: Sequence[Resource]) -> Iterable[Check]:
    """Data that stays in S3 Standard keeps occupying the most readily available (and most
    resource-hungry) storage long after it is last read. Lifecycle transitions or
    Intelligent-Tiering move cold data to archive tiers, and expiration removes it."""
    buckets = [r for r in resources if r.type in BUCKET_TYPES]
    tiering = companions_of(
        buckets,
        [r for r in resources if r.type == TIERING_TYPE],
        via=("bucket",),
        names=BUCKET_NAME,
    )
    checks: list[Check] = []
    for bucket, candidates in bucket_lifecycles(resources):
        at = ("LifecycleConfiguration", "lifecycle_rule")
        tiered = _intelligent_tiering(bucket, tiering[bucket.name])
        if tiered is True:
            checks.append(
                passed("the bucket has an Intelligent-Tiering configuration", resource=bucket)
            )
            continue
        moves = verdict(candidates, lambda rules: has_rule(rules, "transition", "expiration"))
        if moves is False and isinstance(tiered, Unknown):
            moves = UNKNOWN
        if isinstance(moves, Unknown):
            checks.append(
                undetermined(
                    f"the bucket's lifecycle rules are {UNCLEAR}",
                    *at,
                    resource=bucket,
                )
            )
        elif moves:
            checks.append(
                passed(
                    "lifecycle rules move objects to colder storage or expire them",
                    *at,
                    resource=bucket,
                )
            )
        else:
            checks.append(
                failed(
                    "objects stay in their upload storage class forever: add a lifecycle "
                    "transition (or Intelligent-Tiering) or an expiration",
                    *at,
                    resource=bucket,
                )
            )
    return checks


def _intelligent_tiering(bucket: Resource, match: Companions) -> bool | Unknown:
    """Whether an enabled Intelligent-Tiering configuration applies to the bucket."""
    if bucket.format == "cloudformation":
        configs = bucket.get("IntelligentTieringConfigurations")
        if isinstance(configs, Unknown):
            return UNKNOWN
        return isinstance(configs, list) and any(
            isinstance(c, Mapping) and text(c.get("Status")) == "Enabled" for c in configs
        )
    if match.found:
        return any(text(c.get("status")) in (None, "Enabled") for c in match.found)
    return UNKNOWN if match.possible else False


TARGET_TYPES = ("AWS::ApplicationAutoScaling::ScalableTarget", "aws_appautoscaling_target")


def _targets(resources: Sequence[Resource], namespace: str) -> list[Resource]:
    """Scalable targets of one service namespace (and those whose namespace is unknown)."""
    out = []
    for r in resources:
        if r.type in TARGET_TYPES:
            value = text(r.get("ServiceNamespace", "service_namespace"))
            if value == namespace or isinstance(value, Unknown):
                out.append(r)
    return out


def _other_kind(target: Resource, prefix: str) -> bool:
    """Whether a scalable target's literal ResourceId names another kind of resource
    (``table/...`` when ECS services, ``service/...``, are wanted)."""
    value = text(target.get("ResourceId", "resource_id"))
    return isinstance(value, str) and not value.startswith(prefix)


def _scaling_checks(
    owners: Sequence[Resource],
    targets: Sequence[Resource],
    what: str,
    name_props: tuple[str, ...],
    prefix: str,
) -> list[Check]:
    matched = companions_of(
        owners,
        [t for t in targets if not _other_kind(t, prefix)],
        via=("ResourceId", "resource_id"),
        names=name_props,
    )
    checks: list[Check] = []
    for owner in owners:
        match = matched[owner.name]
        if match.possible and not match.by_count:
            checks.append(
                undetermined(
                    f"the module has fewer scalable targets than {what}s; which {what} lacks "
                    "one cannot be told",
                    resource=owner,
                )
            )
        elif match.found or match.possible:
            names = ", ".join(t.name for t in match.found or match.possible)
            how = (
                ""
                if match.found
                else " (matched by count: the targets' resource ids are known only at deployment)"
            )
            checks.append(passed(f"scalable target {names} scales the {what}{how}", resource=owner))
        else:
            checks.append(
                failed(
                    f"no Application Auto Scaling target scales the {what}: its capacity stays "
                    "fixed whatever the demand",
                    resource=owner,
                )
            )
    return checks


ECS_SERVICE_TYPES = ("AWS::ECS::Service", "aws_ecs_service")


@rule(
    "WA-SUS-006",
    title="ECS services scale with demand",
    pillar="sustainability",
    severity="medium",
    choice=SCALING,
    types=(*ECS_SERVICE_TYPES, *TARGET_TYPES),
    scope="unit",
)
def ecs_service_scaling(resources: Sequence[Resource]) -> Iterable[Check]:
    """A service with a fixed task count is sized for its peak and idles the rest of the time.
    An Application Auto Scaling target with a scaling policy adds tasks when load rises and
    removes them when it falls, so capacity follows demand."""
    services = []
    for r in resources:
        if r.type not in ECS_SERVICE_TYPES:
            continue
        strategy = text(r.get("SchedulingStrategy", "scheduling_strategy"))
        if strategy == "DAEMON":
            continue  # one task per instance: scales with the cluster
        services.append(r)
    if not services:
        return []
    return _scaling_checks(
        services, _targets(resources, "ecs"), "service", ("ServiceName", "name"), "service/"
    )


@rule(
    "WA-SUS-007",
    title="Provisioned DynamoDB tables scale their capacity",
    pillar="sustainability",
    severity="medium",
    choice=SCALING,
    types=(*TABLE_TYPES, *TARGET_TYPES),
    scope="unit",
    checkov=("CKV2_AWS_16",),
)
def dynamodb_scaling(resources: Sequence[Resource]) -> Iterable[Check]:
    """Provisioned throughput that never changes is reserved for the peak around the clock.
    Auto scaling of read and write capacity, or on-demand capacity, keeps what is reserved
    close to what the table actually uses."""
    provisioned: list[Resource] = []
    checks: list[Check] = []
    for table in (r for r in resources if r.type in TABLE_TYPES):
        at = ("BillingMode", "billing_mode")
        mode = text(billing_mode(table))
        if isinstance(mode, Unknown):
            checks.append(
                undetermined("the billing mode is known only at deployment", *at, resource=table)
            )
        elif mode == "PAY_PER_REQUEST":
            checks.append(passed("on-demand capacity follows the load", *at, resource=table))
        else:
            provisioned.append(table)
    if provisioned:
        checks += _scaling_checks(
            provisioned,
            _targets(resources, "dynamodb"),
            "table",
            ("TableName", "name"),
            "table/",
        )
    return checks


REPOSITORY_TYPES = ("AWS::ECR::Repository", "aws_ecr_repository")
ECR_POLICY_TYPE = "aws_ecr_lifecycle_policy"


@rule(
    "WA-SUS-008",
    title="ECR repositories have a lifecycle policy",
    pillar="sustainability",
    severity="low",
    choice=REMOVE_DATA,
    types=(*REPOSITORY_TYPES, ECR_POLICY_TYPE),
    scope="unit",
)
def ecr_lifecycle(resources: Sequence[Resource]) -> Iterable[Check]:
    """Every build pushes a new image and old ones are rarely pulled again, yet they are
    stored (and replicated) until deleted. A lifecycle policy that expires untagged images
    and keeps only the last releases removes that dead weight automatically."""
    repositories = [r for r in resources if r.type in REPOSITORY_TYPES]
    policies = [r for r in resources if r.type == ECR_POLICY_TYPE]

    matched = companions_of(
        [r for r in repositories if r.format != "cloudformation"],
        policies,
        via=("repository",),
        names=("name",),
    )
    checks: list[Check] = []
    for repo in repositories:
        at = ("LifecyclePolicy", "")
        if repo.format == "cloudformation":
            policy = block(lookup(repo, "LifecyclePolicy.LifecyclePolicyText"))
            if isinstance(policy, Unknown):
                checks.append(
                    undetermined(
                        "the lifecycle policy is known only at deployment", *at, resource=repo
                    )
                )
            elif present(policy):
                checks.append(passed("the repository has a lifecycle policy", *at, resource=repo))
            else:
                checks.append(_no_policy(repo))
            continue
        match = matched[repo.name]
        if match.possible and not match.by_count:
            checks.append(
                undetermined(
                    "the module has fewer lifecycle policies than repositories; which one "
                    "lacks a policy cannot be told",
                    resource=repo,
                )
            )
        elif match.found or match.possible:
            checks.append(passed("the repository has a lifecycle policy", resource=repo))
        else:
            checks.append(_no_policy(repo))
    return checks


def _no_policy(repo: Resource) -> Check:
    return failed(
        "the repository has no lifecycle policy: every image pushed is kept forever",
        "LifecyclePolicy",
        resource=repo,
    )
