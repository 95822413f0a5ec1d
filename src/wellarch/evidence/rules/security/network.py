"""Security rules on network exposure: security groups open to the internet on administrative
or database ports, publicly accessible databases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.common import (
    number,
    text_list,
    truth,
)
from wellarch.evidence.rules.security.base import (
    LAYERS,
    TRAFFIC,
    Verdict,
    as_blocks,
    fail_for,
    join_names,
    pass_for,
    unsure_for,
)

_SECURITY_GROUP_TYPES = (
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
)
_ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
_DATABASE_PORTS = {
    3306: "MySQL",
    5432: "PostgreSQL",
    1433: "SQL Server",
    1521: "Oracle",
    5439: "Redshift",
    27017: "MongoDB",
    6379: "Redis",
}
_WORLD = ("0.0.0.0/0", "::/0")


def _ingress_rules(r: Resource) -> tuple[list[tuple[Mapping[str, Any], bool]], bool] | None:
    """Ingress rules as maps with the keys protocol/from/to/cidrs, each with a flag for
    rules that exist only if a dynamic block iterates; and whether the list is complete.
    None when the resource is not an ingress rule (egress-only rule resources)."""
    rules: list[tuple[Mapping[str, Any], bool]] = []
    complete = True

    def cfn(item: Mapping[str, Any]) -> Mapping[str, Any]:
        return {
            "protocol": item.get("IpProtocol"),
            "from": item.get("FromPort"),
            "to": item.get("ToPort"),
            "cidrs": [c for c in (item.get("CidrIp"), item.get("CidrIpv6")) if c is not None],
        }

    def tf(item: Mapping[str, Any]) -> Mapping[str, Any]:
        cidrs: list[Any] = []
        for key in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
            value = item.get(key)
            if isinstance(value, Unknown):
                cidrs.append(UNKNOWN)
            else:
                cidrs += text_list(value)
        return {
            "protocol": item.get("protocol", item.get("ip_protocol")),
            "from": item.get("from_port"),
            "to": item.get("to_port"),
            "cidrs": cidrs,
        }

    if r.type == "AWS::EC2::SecurityGroup":
        items = r.get("SecurityGroupIngress")
        if isinstance(items, Unknown):
            return [], False
        for item in as_blocks(items):
            if isinstance(item, Mapping):
                rules.append((cfn(item), False))
            else:
                complete = False
    elif r.type == "AWS::EC2::SecurityGroupIngress":
        rules.append((cfn(r.properties), False))
    elif r.type == "aws_security_group":
        items = r.get("ingress")
        if isinstance(items, Unknown):
            return [], False
        for item in as_blocks(items):
            if isinstance(item, Mapping):
                rules.append((tf(item), False))
            else:
                complete = False
        for dynamic in as_blocks(r.get("dynamic")):
            block = dynamic.get("ingress") if isinstance(dynamic, Mapping) else None
            if isinstance(block, Mapping):
                for content in as_blocks(block.get("content")):
                    if isinstance(content, Mapping):
                        rules.append((tf(content), True))
                    else:
                        complete = False
    elif r.type == "aws_security_group_rule":
        kind = r.get("type")
        if isinstance(kind, Unknown):
            return [], False
        if kind != "ingress":
            return None
        rules.append((tf(r.properties), False))
    else:
        rules.append((tf(r.properties), False))
    return rules, complete


def _opens_port(item: Mapping[str, Any], port: int) -> Verdict:
    protocol = item.get("protocol")
    if isinstance(protocol, Unknown):
        return UNKNOWN
    protocol = str(protocol).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6", "udp", "17"):
        return False  # ICMP and other protocols have no ports
    low, high = number(item.get("from")), number(item.get("to"))
    if isinstance(low, Unknown) or isinstance(high, Unknown):
        return UNKNOWN
    if low is None and high is None:
        return True
    if low == -1:
        return True
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None
    return low <= port <= high


def _open_to_world(item: Mapping[str, Any]) -> Verdict:
    cidrs = item.get("cidrs") or []
    if any(c in _WORLD for c in cidrs):
        return True
    if any(isinstance(c, Unknown) for c in cidrs):
        return UNKNOWN
    return False


def _exposure(r: Resource, ports: Mapping[int, str], kind: str) -> Check | None:
    found = _ingress_rules(r)
    if found is None:
        return None
    rules, complete = found
    at = {
        "AWS::EC2::SecurityGroup": ("SecurityGroupIngress", ""),
        "aws_security_group": ("", "ingress"),
    }.get(r.type, ("", ""))
    exposed: list[str] = []
    maybe: list[str] = []
    for item, conditional in rules:
        world = _open_to_world(item)
        if world is False:
            continue
        for port, service in ports.items():
            opens = _opens_port(item, port)
            if opens is False:
                continue
            text = f"port {port} ({service})"
            if opens is True and world is True and not conditional:
                if text not in exposed:
                    exposed.append(text)
            elif text not in maybe:
                maybe.append(text)
    if exposed:
        return fail_for(
            r,
            f"ingress is open to the internet (0.0.0.0/0 or ::/0) on {join_names(exposed)}; allow "
            "only known sources or security groups",
            *at,
        )
    if maybe or not complete:
        shown = join_names(maybe) if maybe else f"{kind} ports"
        return unsure_for(
            r,
            f"ingress sources, ports or dynamic rules known only at deployment may open {shown} "
            "to the internet",
            *at,
        )
    return pass_for(r, f"no ingress from the internet reaches {kind} ports", *at)


@rule(
    "WA-SEC-021",
    title="Security groups do not open SSH or RDP to the internet",
    pillar="security",
    severity="high",
    choice=TRAFFIC,
    types=_SECURITY_GROUP_TYPES,
    checkov=("CKV_AWS_24", "CKV_AWS_25"),
)
def no_open_admin_ports(r: Resource) -> Check | None:
    """SSH and RDP exposed to 0.0.0.0/0 are scanned and brute-forced within minutes of an
    instance starting. Administrative access should come through Session Manager, a
    bastion or a known address range."""
    return _exposure(r, _ADMIN_PORTS, "administrative")


@rule(
    "WA-SEC-022",
    title="Security groups do not open database ports to the internet",
    pillar="security",
    severity="high",
    choice=LAYERS,
    types=_SECURITY_GROUP_TYPES,
)
def no_open_database_ports(r: Resource) -> Check | None:
    """Databases belong in a private layer reachable only from the application tier; a
    database port open to the internet invites credential stuffing and exploits of the
    engine. Allow the application's security group instead of a CIDR range."""
    return _exposure(r, _DATABASE_PORTS, "database")


@rule(
    "WA-SEC-023",
    title="Databases are not publicly accessible",
    pillar="security",
    severity="high",
    choice=LAYERS,
    types=(
        "AWS::RDS::DBInstance",
        "aws_db_instance",
        "aws_rds_cluster_instance",
        "AWS::Redshift::Cluster",
        "aws_redshift_cluster",
    ),
    checkov=("CKV_AWS_17", "CKV_AWS_87"),
)
def database_not_public(r: Resource) -> Check | None:
    """A publicly accessible database gets a public DNS name and IP address, so a single
    permissive security group rule exposes it to the internet. Databases should be reachable
    only from inside the VPC."""
    value = r.get("PubliclyAccessible", "publicly_accessible")
    at = ("PubliclyAccessible", "publicly_accessible")
    if value is None:
        if r.type == "AWS::RDS::DBInstance":
            if r.get("DBSubnetGroupName") is None and r.get("DBClusterIdentifier") is None:
                return fail_for(
                    r,
                    "PubliclyAccessible is not set and no subnet group is given: the instance "
                    "lands in the default VPC, where RDS makes it public; set it to false",
                )
            return unsure_for(
                r,
                "PubliclyAccessible is not set, so RDS decides from the subnet group's VPC "
                "(public when it has an internet gateway); set it to false explicitly",
            )
        if r.type == "AWS::Redshift::Cluster":
            return pass_for(r, "not set: new Redshift clusters are private by default (since 2025)")
        return pass_for(r, "not set: the provider default is not publicly accessible")
    public = truth(value)
    if isinstance(public, Unknown):
        return unsure_for(r, "public accessibility is known only at deployment", *at)
    if public:
        return fail_for(r, "the database is publicly accessible; set it to false", *at)
    return pass_for(r, "the database is not publicly accessible", *at)
