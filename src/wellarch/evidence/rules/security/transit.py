"""Security rules on encryption in transit at the edge: load balancer listeners and their TLS
policies, CloudFront viewer connections.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from wellarch.evidence.model import UNKNOWN, Resource, Unknown
from wellarch.evidence.registry import Check, rule
from wellarch.evidence.rules.security.base import (
    CLOUDFRONT,
    IN_TRANSIT,
    Verdict,
    as_blocks,
    dig,
    dig_flag,
    fail_for,
    join_names,
    pass_for,
    unsure_for,
)

_LISTENERS = ("AWS::ElasticLoadBalancingV2::Listener", "aws_lb_listener", "aws_alb_listener")


def _redirects_to_https(r: Resource) -> Verdict:
    actions = r.get("DefaultActions", "default_action")
    if isinstance(actions, Unknown):
        return UNKNOWN
    items = as_blocks(actions)
    if not items:
        return False
    for action in items:
        if not isinstance(action, Mapping):
            return UNKNOWN
        kind = action.get("Type", action.get("type"))
        if isinstance(kind, Unknown):
            return UNKNOWN
        if kind != "redirect":
            return False
        path = "RedirectConfig.Protocol" if r.format == "cloudformation" else "redirect.protocol"
        protocol = dig(action, path)
        if isinstance(protocol, Unknown):
            return UNKNOWN
        if protocol != "HTTPS":
            return False
    return True


@rule(
    "WA-SEC-015",
    title="Load balancer listeners accept HTTPS or TLS only",
    pillar="security",
    severity="high",
    choice=IN_TRANSIT,
    types=(*_LISTENERS, "AWS::ElasticLoadBalancing::LoadBalancer", "aws_elb"),
    checkov=("CKV_AWS_2",),
)
def listener_https(r: Resource) -> Check | None:
    """A plain HTTP listener carries requests, cookies and tokens in clear text between
    clients and the load balancer. An HTTP listener is acceptable only when all it does is
    redirect clients to HTTPS."""
    if r.type in ("AWS::ElasticLoadBalancing::LoadBalancer", "aws_elb"):
        listeners = r.get("Listeners", "listener")
        if isinstance(listeners, Unknown):
            return unsure_for(
                r, "the listeners are known only at deployment", "Listeners", "listener"
            )
        plain: list[str] = []
        opaque: list[str] = []
        unknown = False
        for item in as_blocks(listeners):
            if not isinstance(item, Mapping):
                unknown = True
                continue
            protocol = item.get("Protocol", item.get("lb_protocol"))
            port = item.get("LoadBalancerPort", item.get("lb_port"))
            if isinstance(protocol, Unknown):
                unknown = True
            elif str(protocol).upper() == "HTTP":
                plain.append(str(port))
            elif str(protocol).upper() == "TCP":
                opaque.append(str(port))
        if plain:
            return fail_for(
                r,
                f"the load balancer serves plain HTTP on port {join_names(plain)}; Classic Load "
                "Balancers cannot redirect, so move to HTTPS",
                "Listeners",
                "listener",
            )
        if unknown or opaque:
            return unsure_for(
                r,
                "some listeners are TCP or known only at deployment: TLS, if any, happens on "
                "the instances",
                "Listeners",
                "listener",
            )
        return pass_for(r, "every listener uses HTTPS or SSL", "Listeners", "listener")
    protocol = r.get("Protocol", "protocol")
    if protocol is None:
        if r.format == "cloudformation" or r.get("port") is None:
            return None  # Gateway Load Balancer listeners have no protocol
        protocol = "HTTP"  # the provider default for Application Load Balancers
    if isinstance(protocol, Unknown):
        return unsure_for(
            r, "the listener protocol is known only at deployment", "Protocol", "protocol"
        )
    protocol = str(protocol).upper()
    if protocol in ("HTTPS", "TLS"):
        return pass_for(r, f"the listener uses {protocol}", "Protocol", "protocol")
    if protocol == "HTTP":
        redirect = _redirects_to_https(r)
        if redirect is True:
            return pass_for(
                r, "the HTTP listener only redirects to HTTPS", "DefaultActions", "default_action"
            )
        if isinstance(redirect, Unknown):
            return unsure_for(
                r,
                "the listener's actions are known only at deployment",
                "DefaultActions",
                "default_action",
            )
        return fail_for(
            r,
            "the listener serves plain HTTP; use HTTPS, or make its only action a redirect "
            "to HTTPS",
            "Protocol",
            "protocol",
        )
    if protocol in ("TCP", "TCP_UDP"):
        return unsure_for(
            r,
            f"the listener passes {protocol} through: TLS, if any, is terminated by the targets",
            "Protocol",
            "protocol",
        )
    return None  # UDP, GENEVE


_TLS_MINOR = re.compile(r"-1-([0-3])(?:-|$)")
_TLS10_POLICIES = {
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-2015-05",
    "ELBSecurityPolicy-2015-03",
    "ELBSecurityPolicy-2015-02",
    "ELBSecurityPolicy-2014-10",
    "ELBSecurityPolicy-2014-01",
    "ELBSecurityPolicy-2011-08",
    "ELBSecurityPolicy-FS-2018-06",
}


def _tls_minimum(policy: str) -> int | None:
    """The minimum TLS 1.x minor version a predefined ELB security policy allows."""
    if policy in _TLS10_POLICIES:
        return 0
    match = _TLS_MINOR.search(policy)
    return int(match.group(1)) if match else None


@rule(
    "WA-SEC-016",
    title="HTTPS and TLS listeners use a TLS 1.2+ security policy",
    pillar="security",
    severity="medium",
    choice=IN_TRANSIT,
    types=_LISTENERS,
    checkov=("CKV_AWS_103",),
)
def listener_tls_policy(r: Resource) -> Check | None:
    """TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by most compliance
    standards. Listeners created through the API, CloudFormation or Terraform without a
    policy get ELBSecurityPolicy-2016-08, which still allows TLS 1.0."""
    protocol = r.get("Protocol", "protocol")
    if isinstance(protocol, Unknown):
        return unsure_for(
            r, "the listener protocol is known only at deployment", "Protocol", "protocol"
        )
    if str(protocol).upper() not in ("HTTPS", "TLS"):
        return None
    policy = r.get("SslPolicy", "ssl_policy")
    at = ("SslPolicy", "ssl_policy")
    if policy is None:
        return fail_for(
            r,
            "no security policy is set, so the listener uses ELBSecurityPolicy-2016-08, which "
            "allows TLS 1.0; set ELBSecurityPolicy-TLS13-1-2-2021-06",
        )
    if isinstance(policy, Unknown) or not isinstance(policy, str):
        return unsure_for(r, "the security policy is known only at deployment", *at)
    minimum = _tls_minimum(policy)
    if minimum is None:
        return unsure_for(r, f"the TLS versions of policy {policy} are not known to this rule", *at)
    if minimum < 2:
        return fail_for(
            r,
            f"{policy} allows TLS 1.{minimum}; use ELBSecurityPolicy-TLS13-1-2-2021-06 or later",
            *at,
        )
    return pass_for(r, f"{policy} requires TLS 1.{minimum} or later", *at)


_CLOUDFRONT_TLS12 = ("TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025")


@rule(
    "WA-SEC-017",
    title="CloudFront distributions serve viewers over HTTPS with TLS 1.2 or later",
    pillar="security",
    severity="medium",
    choice=IN_TRANSIT,
    types=CLOUDFRONT,
    checkov=("CKV_AWS_34", "CKV_AWS_174"),
)
def cloudfront_https(r: Resource) -> Check | None:
    """A cache behavior with the allow-all viewer policy serves content and accepts cookies
    over plain HTTP. With a custom certificate the minimum protocol version decides whether
    old TLS versions are still accepted from viewers."""
    if r.format == "cloudformation":
        config = r.get("DistributionConfig")
        behaviors = [dig(config, "DefaultCacheBehavior"), *as_blocks(dig(config, "CacheBehaviors"))]
        policy_key, at = "ViewerProtocolPolicy", "DistributionConfig"
        certificate = dig(config, "ViewerCertificate")
        default_cert = dig_flag(certificate, "CloudFrontDefaultCertificate", False)
        minimum = dig(certificate, "MinimumProtocolVersion")
    else:
        config = r.properties
        behaviors = [
            dig(config, "default_cache_behavior"),
            *as_blocks(config.get("ordered_cache_behavior")),
        ]
        policy_key, at = "viewer_protocol_policy", "default_cache_behavior"
        certificate = dig(config, "viewer_certificate")
        default_cert = dig_flag(certificate, "cloudfront_default_certificate", False)
        minimum = dig(certificate, "minimum_protocol_version")
    if isinstance(config, Unknown):
        return unsure_for(r, "the distribution configuration is known only at deployment", at, at)
    policies = [dig(b, policy_key) if b is not None else None for b in behaviors]
    if any(p == "allow-all" for p in policies):
        return fail_for(
            r,
            "a cache behavior allows plain HTTP (allow-all); use redirect-to-https or https-only",
            at,
            at,
        )
    if any(isinstance(p, Unknown) for p in policies):
        return unsure_for(r, "a viewer protocol policy is known only at deployment", at, at)
    if isinstance(default_cert, Unknown) or isinstance(minimum, Unknown):
        return unsure_for(r, "the viewer certificate settings are known only at deployment", at, at)
    if default_cert is True or certificate is None:
        return pass_for(
            r,
            "viewers are sent to HTTPS (the default *.cloudfront.net certificate sets the TLS "
            "versions itself)",
            at,
            at,
        )
    if minimum not in _CLOUDFRONT_TLS12:
        shown = minimum or "TLSv1 (the default)"
        return fail_for(
            r,
            f"the minimum viewer TLS version is {shown}; set TLSv1.2_2021 or later",
            at,
            "viewer_certificate",
        )
    return pass_for(r, f"viewers use HTTPS with at least {minimum}", at, "viewer_certificate")
