"""Reviews: workloads, answers, risks, improvement plans, milestones and reports (pure Python)."""

from wellarch.review.answer import Answer, AnswerUpdate, NotApplicable, Reason, Source, toggle
from wellarch.review.milestone import Milestone, MilestoneDiff, diff_snapshots, take_snapshot
from wellarch.review.plan import PlanItem, improvement_plan
from wellarch.review.repository import InMemoryRepository, Repository, WorkloadSummary
from wellarch.review.risk import LensReview, Risk, question_risk
from wellarch.review.service import Reviews
from wellarch.review.workload import Environment, Workload, new_workload

__all__ = [
    "Answer",
    "AnswerUpdate",
    "Environment",
    "InMemoryRepository",
    "LensReview",
    "Milestone",
    "MilestoneDiff",
    "NotApplicable",
    "PlanItem",
    "Reason",
    "Repository",
    "Reviews",
    "Risk",
    "Source",
    "Workload",
    "WorkloadSummary",
    "diff_snapshots",
    "improvement_plan",
    "new_workload",
    "question_risk",
    "take_snapshot",
    "toggle",
]
