"""The knowledge base: Markdown pages with front matter, their linter, search and study aids.

Pure domain code: it reads the files it is given (the shipped pages by default) and returns
objects; it never prints, never reads environment variables, and never imports the CLI, the
web layer or the store.
"""

from wellarch.content.document import Document, slugify
from wellarch.content.linter import RULES, Linter, LintReport, lint_paths
from wellarch.content.loader import (
    Page,
    ParsedPage,
    find_page,
    load_page,
    load_pages,
    page_files,
    parse_page,
    shipped_pages_dir,
)
from wellarch.content.schema import FrontMatter, Issue, read_front_matter

__all__ = [
    "RULES",
    "Document",
    "FrontMatter",
    "Issue",
    "LintReport",
    "Linter",
    "Page",
    "ParsedPage",
    "find_page",
    "lint_paths",
    "load_page",
    "load_pages",
    "page_files",
    "parse_page",
    "read_front_matter",
    "shipped_pages_dir",
    "slugify",
]
