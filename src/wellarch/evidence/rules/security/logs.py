"""Security rules on the logs an investigation needs: CloudTrail, load balancer, S3 server
access, CloudFront and VPC flow logs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.common import (
    companions_of,
    points_at,
    present,
    truth,
)
from wellarch.evidence.rules.security.base import (
    BUCKET_NAME,
    BUCKETS,
    CLOUDFRONT,
    LOGGING,
    as_blocks,
    dig,
    dig_flag,
    fail_for,
    join_names,
    paired_with,
    pass_for,
    setting_flag,
    unsure_for,
)


@rule(
    "WA-SEC-026",
    title="CloudTrail trails log all Regions with log file validation",
    pillar="security",
    severity="high",
    choice=LOGGING,
    types=("AWS::CloudTrail::Trail", "aws_cloudtrail"),
    checkov=("CKV_AWS_67", "CKV_AWS_36"),
)
def cloudtrail_complete(r: Resource) -> Check | None:
    """CloudTrail is the record of who did what in the account; a single-Region trail misses
    activity in every other Region, where attackers like to work. Log file validation adds
    signed digests so tampering with or deleting log files can be detected."""
    problems: list[str] = []
    unknown: list[str] = []
    for cfn, tf, default, problem in (
        ("IsLogging", "enable_logging", r.format != "cloudformation", "logging is off"),
        ("IsMultiRegionTrail", "is_multi_region_trail", False, "the trail covers one Region only"),
        (
            "EnableLogFileValidation",
            "enable_log_file_validation",
            False,
            "log file validation is off",
        ),
    ):
        value = setting_flag(r, cfn, tf, default)
        if isinstance(value, Unknown):
            unknown.append(cfn if r.format == "cloudformation" else tf)
        elif not value:
            problems.append(problem)
    if problems:
        return fail_for(r, "; ".join(problems))
    if unknown:
        return unsure_for(r, f"{join_names(unknown)} known only at deployment")
    return pass_for(r, "the trail is logging, covers all Regions and validates its log files")


def _lb_attribute(r: Resource, key: str) -> Any:
    attributes = r.get("LoadBalancerAttributes")
    if isinstance(attributes, Unknown):
        return UNKNOWN
    for item in as_blocks(attributes):
        if not isinstance(item, Mapping):
            return UNKNOWN
        if item.get("Key") == key:
            return item.get("Value")
    return None


@rule(
    "WA-SEC-027",
    title="Load balancers write access logs",
    pillar="security",
    severity="medium",
    choice=LOGGING,
    types=(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "aws_lb",
        "aws_alb",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        "aws_elb",
    ),
    checkov=("CKV_AWS_91", "CKV_AWS_92"),
)
def load_balancer_logs(r: Resource) -> Check | None:
    """Access logs record every request with client address, path, status and TLS details;
    they are often the only evidence of what an attacker tried against a public endpoint.
    Load balancers write none unless logging is turned on."""
    if r.type == "AWS::ElasticLoadBalancing::LoadBalancer":
        policy = r.get("AccessLoggingPolicy")
        on = dig_flag(policy, "Enabled", False)
        at = ("AccessLoggingPolicy", "")
    elif r.type == "aws_elb":
        block = r.get("access_logs")
        on = dig_flag(block, "enabled", True) if block is not None else False
        at = ("", "access_logs")
    else:
        kind = r.get("Type", "load_balancer_type")
        if kind == "gateway":
            return None  # Gateway Load Balancers have no access logs
        if r.format == "cloudformation":
            value = _lb_attribute(r, "access_logs.s3.enabled")
            on = truth(value)
            at = ("LoadBalancerAttributes", "")
        else:
            # Terraform: enabled defaults to false even when a bucket is given
            on = dig_flag(r.get("access_logs"), "enabled", False)
            at = ("", "access_logs")
    if isinstance(on, Unknown):
        return unsure_for(r, "access logging is known only at deployment", *at)
    if on:
        return pass_for(r, "access logs are written to S3", *at)
    return fail_for(r, "access logging is off; enable it and send the logs to an S3 bucket", *at)


_LOG_TARGETS = {
    "AWS::S3::Bucket": "LoggingConfiguration.DestinationBucketName",
    "aws_s3_bucket_logging": "target_bucket",
    "aws_s3_bucket": "logging.target_bucket",
}


def _log_destinations(buckets: Sequence[Resource], resources: Sequence[Resource]) -> set[str]:
    """Buckets that receive S3 server access logs (a log bucket does not log itself)."""
    targets = [r.get(_LOG_TARGETS[r.type]) for r in resources if r.type in _LOG_TARGETS]
    return {
        b.name
        for b in buckets
        if any(points_at(t, b, BUCKET_NAME) is True for t in targets if t is not None)
    }


@rule(
    "WA-SEC-028",
    title="S3 buckets write server access logs",
    pillar="security",
    severity="low",
    choice=LOGGING,
    types=("AWS::S3::Bucket", "aws_s3_bucket", "aws_s3_bucket_logging"),
    scope="unit",
    checkov=("CKV_AWS_18",),
)
def s3_access_logs(resources: Sequence[Resource]) -> Iterator[Check]:
    """Server access logs record each request made to a bucket, including anonymous and
    denied ones, which CloudTrail data events do not cover by default. They let you trace
    who read or changed objects after an incident. A bucket that only receives other
    buckets' logs is not required to log itself."""
    buckets = [r for r in resources if r.type in BUCKETS]
    loggings = [r for r in resources if r.type == "aws_s3_bucket_logging"]
    matches = companions_of(buckets, loggings, via=("bucket",), names=BUCKET_NAME)
    destinations = _log_destinations(buckets, resources)
    for bucket in buckets:
        if bucket.name in destinations:
            continue
        if bucket.type == "AWS::S3::Bucket":
            config = bucket.get("LoggingConfiguration")
            if isinstance(config, Unknown):
                yield unsure_for(
                    bucket,
                    "the logging configuration is known only at deployment",
                    "LoggingConfiguration",
                )
            elif config is not None:
                yield pass_for(bucket, "server access logging is on", "LoggingConfiguration")
            else:
                yield fail_for(bucket, "server access logging is off; add a LoggingConfiguration")
            continue
        if present(bucket.get("logging")):  # provider v3 inline block
            yield pass_for(bucket, "server access logging is on", "", "logging")
            continue
        paired, unmatched = paired_with(matches[bucket.name])
        if paired:
            yield pass_for(
                bucket, "an aws_s3_bucket_logging resource turns on server access logging"
            )
        elif unmatched:
            yield unsure_for(
                bucket,
                "an aws_s3_bucket_logging resource names its bucket by a value known only at "
                "deployment; cannot tell whether it covers this bucket",
            )
        else:
            yield fail_for(
                bucket,
                "server access logging is off: no aws_s3_bucket_logging resource refers to "
                "this bucket",
            )


_DELIVERY_SOURCES = ("AWS::Logs::DeliverySource", "aws_cloudwatch_log_delivery_source")


@rule(
    "WA-SEC-029",
    title="CloudFront distributions write access logs",
    pillar="security",
    severity="low",
    choice=LOGGING,
    types=(*CLOUDFRONT, *_DELIVERY_SOURCES),
    scope="unit",
    checkov=("CKV_AWS_86",),
)
def cloudfront_logs(resources: Sequence[Resource]) -> Iterator[Check]:
    """CloudFront access logs hold every viewer request at the edge, including those served
    from cache that never reach the origin's logs. Without them, probing and abuse of the
    distribution leave no trace. Either standard logging to S3 or a CloudWatch log delivery
    source for ACCESS_LOGS counts."""
    distributions = [r for r in resources if r.type in CLOUDFRONT]
    sources = [
        r
        for r in resources
        if r.type in _DELIVERY_SOURCES and r.get("LogType", "log_type") in ("ACCESS_LOGS", UNKNOWN)
    ]
    matches = companions_of(distributions, sources, via=("ResourceArn", "resource_arn"))
    for dist in distributions:
        if dist.format == "cloudformation":
            config = dist.get("DistributionConfig")
            logging = dig(config, "Logging")
            at = ("DistributionConfig", "")
        else:
            config = dist.properties
            logging = dist.get("logging_config")
            at = ("", "logging_config")
        if isinstance(config, Unknown) or isinstance(logging, Unknown):
            yield unsure_for(dist, "the logging configuration is known only at deployment", *at)
        elif logging is not None:
            yield pass_for(dist, "standard access logging to S3 is on", *at)
        elif paired_with(matches[dist.name])[0]:
            yield pass_for(dist, "a CloudWatch log delivery source sends its access logs")
        elif paired_with(matches[dist.name])[1]:
            yield unsure_for(
                dist,
                "a log delivery source for ACCESS_LOGS names its resource by a value known "
                "only at deployment; cannot tell whether it covers this distribution",
            )
        else:
            yield fail_for(dist, "access logging is off; enable standard logging", *at)


_FLOW_LOGS = ("AWS::EC2::FlowLog", "aws_flow_log")


@rule(
    "WA-SEC-030",
    title="VPCs have flow logs",
    pillar="security",
    severity="medium",
    choice=LOGGING,
    types=("AWS::EC2::VPC", "aws_vpc", *_FLOW_LOGS),
    scope="unit",
    checkov=("CKV2_AWS_11",),
)
def vpc_flow_logs(resources: Sequence[Resource]) -> Iterator[Check]:
    """Flow logs record which addresses talked to which, on which ports, and whether
    traffic was accepted or rejected; they are how an investigation finds lateral movement
    and data exfiltration. A VPC has none unless a flow log is created for it."""
    vpcs = [r for r in resources if r.type in ("AWS::EC2::VPC", "aws_vpc")]
    flow_logs = [r for r in resources if r.type in _FLOW_LOGS]
    of_vpcs: list[Resource] = []
    unclear = False  # a Terraform flow log that names no target at all
    for log in flow_logs:
        kind = log.get("ResourceType")
        if log.format == "cloudformation" and kind not in ("VPC", UNKNOWN):
            continue  # subnet, interface or transit gateway logs
        if log.format != "cloudformation" and log.get("vpc_id") is None:
            other = ("subnet_id", "eni_id", "transit_gateway_id", "transit_gateway_attachment_id")
            # in plans an unknown vpc_id is simply absent
            unclear = unclear or not any(log.get(k) is not None for k in other)
            continue
        of_vpcs.append(log)
    matches = companions_of(vpcs, of_vpcs, via=("ResourceId", "vpc_id"))
    for vpc in vpcs:
        matched, unmatched = paired_with(matches[vpc.name])
        if matched:
            yield pass_for(vpc, f"flow log {matched[0].name} records this VPC's traffic")
        elif unmatched or unclear:
            yield unsure_for(
                vpc,
                "a flow log here names its VPC by a value known only at deployment; cannot "
                "tell whether it covers this VPC",
            )
        elif flow_logs:
            yield fail_for(
                vpc, "no flow log targets this VPC (the flow logs here cover other resources)"
            )
        else:
            yield fail_for(vpc, "the VPC has no flow log; add one (to CloudWatch Logs or S3)")
