"""Decision frameworks: options as data, requirements in, ranked and explained advice out.

Four shipped domains (``database``, ``messaging``, ``compute``, ``cache``) live in
``decide/options/*.yaml``, every option citing its sources; a generic weighted matrix with
sensitivity analysis covers the rest (build vs buy, technology stacks). Any decision can be
written down as an Architecture Decision Record in Markdown.

Example:
    >>> from wellarch.decide import decide, load_domain
    >>> decide(load_domain("compute"), {"traffic": "steady", "gpu": True}).winner.option.id
    'ecs_ec2'
"""

from wellarch.decide.adr import Adr, adr_for_decision, adr_for_matrix, render_adr
from wellarch.decide.engine import Decision, Evaluation, decide
from wellarch.decide.matrix import MatrixResult, evaluate, load_matrix, parse_matrix
from wellarch.decide.model import DOMAINS, Domain, load_domain

__all__ = [
    "DOMAINS",
    "Adr",
    "Decision",
    "Domain",
    "Evaluation",
    "MatrixResult",
    "adr_for_decision",
    "adr_for_matrix",
    "decide",
    "evaluate",
    "load_domain",
    "load_matrix",
    "parse_matrix",
    "render_adr",
]
