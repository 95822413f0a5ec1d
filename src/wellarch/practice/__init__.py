"""Interview practice: scenarios, coverage analysis against the interview lens, feedback."""

from wellarch.practice.coverage import Analyser, InMemoryAnalyser, LexiconAnalyser
from wellarch.practice.feedback import render_feedback_markdown, score_answer
from wellarch.practice.scenario import Scenario, get_scenario, load_scenarios, parse_scenario

__all__ = [
    "Analyser",
    "InMemoryAnalyser",
    "LexiconAnalyser",
    "Scenario",
    "get_scenario",
    "load_scenarios",
    "parse_scenario",
    "render_feedback_markdown",
    "score_answer",
]
