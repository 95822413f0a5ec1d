"""Lens pages: the catalog, uploading a custom lens (every problem shown with its JSON path),
a lens's questions and choices, and its AWS JSON for download."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from wellarch.errors import Conflict, InputError, LensError, Problem
from wellarch.lens.catalog import BUILTIN_ALIASES, LensEntry, check_alias
from wellarch.lens.export import dump_lens
from wellarch.lens.reader import parse_lens_bytes
from wellarch.review.service import Reviews
from wellarch.web.csrf import CheckedForm
from wellarch.web.downloads import content_disposition
from wellarch.web.forms import form_text
from wellarch.web.lanes import PageRoute, run_long
from wellarch.web.rendering import ReviewsDep, lens_url, redirect, render

__all__ = ["MAX_UPLOAD", "import_lens_document", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: The largest lens file accepted from a browser or the API (bytes).
MAX_UPLOAD = 1024 * 1024


def alias_from_filename(filename: str) -> str:
    """``Serverless Lens.json`` → ``serverless-lens`` (as ``wellarch lens import`` does)."""
    stem = PurePath(filename).stem.lower()
    return re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")[:64] or "lens"


def import_lens_document(
    reviews: Reviews,
    data: bytes,
    *,
    alias: str,
    source: str,
    replace: bool = False,
    lenient: bool = False,
) -> tuple[LensEntry, list[Problem]]:
    """Validate and import a lens document; returns the entry and lenient-mode warnings.

    Raises :class:`InputError` (a :class:`LensError` lists every problem), or
    :class:`Conflict` when the alias is taken and ``replace`` is not set.
    """
    if len(data) > MAX_UPLOAD:
        raise InputError(
            f"is {len(data):,} bytes; uploads may have at most {MAX_UPLOAD:,}", file=source
        )
    check_alias(alias)
    if alias in BUILTIN_ALIASES:
        raise InputError(f"{alias!r} is a built-in lens; import it under another alias")
    if not replace and reviews.catalog.find(alias) is not None:
        raise Conflict(f"a lens with alias {alias!r} exists; choose another alias or replace it")
    loaded = parse_lens_bytes(data, source=source, lenient=lenient)
    entry = reviews.import_lens(loaded.lens, alias)
    return entry, loaded.warnings


def _catalog(
    request: Request,
    reviews: Reviews,
    *,
    error: str | None = None,
    problems: list[Problem] | None = None,
    source: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    usage: dict[str, int] = {}
    for summary in reviews.workloads():
        for alias in summary.lenses:
            usage[alias] = usage.get(alias, 0) + 1
    return render(
        request,
        "lenses.html",
        {
            "section": "lenses",
            "entries": reviews.catalog.entries(),
            "usage": usage,
            "error": error,
            "problems": problems or [],
            "source": source,
            "form": form or {},
            "max_upload": MAX_UPLOAD,
        },
        status_code=status_code,
    )


@router.get("/lenses", response_class=HTMLResponse)
def lens_catalog(request: Request, reviews: ReviewsDep) -> HTMLResponse:
    return _catalog(request, reviews)


@router.post("/lenses", response_class=HTMLResponse)
async def upload_lens(
    request: Request,
    form: CheckedForm,
    reviews: ReviewsDep,
) -> Response:
    upload = form.get("file")
    values = {
        "alias": form_text(form, "alias"),
        "replace": form_text(form, "replace") == "on",
        "lenient": form_text(form, "lenient") == "on",
    }
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _catalog(
            request, reviews, error="Choose a lens file to upload.", form=values, status_code=422
        )
    source = PurePath(upload.filename).name[:200] or "lens.json"
    data = upload.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        message = f"{source} is larger than {MAX_UPLOAD // 1024:,} KiB, the upload limit."
        return _catalog(request, reviews, error=message, form=values, status_code=413)
    alias = str(values["alias"]) or alias_from_filename(source)
    try:
        entry, warnings = await run_long(  # a large lens takes a while to check
            import_lens_document,
            reviews,
            data,
            alias=alias,
            source=source,
            replace=bool(values["replace"]),
            lenient=bool(values["lenient"]),
        )
    except LensError as exc:
        return _catalog(
            request,
            reviews,
            error=f"{source} is not a valid lens: {len(exc.problems)} "
            f"problem{'s' if len(exc.problems) != 1 else ''} found.",
            problems=exc.problems,
            source=source,
            form=values,
            status_code=422,
        )
    except (InputError, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 422
        return _catalog(request, reviews, error=str(exc), form=values, status_code=status)
    lens = entry.lens
    message = (
        f"Imported “{lens.name}” as {alias}: {len(lens.pillars)} pillars, "
        f"{lens.question_count} questions."
    )
    if warnings:
        message += f" {len(warnings)} warning(s) accepted in lenient mode."
    return redirect(request, lens_url(alias), message)


@router.get("/lenses/{alias}/export")
def export_lens(alias: str, reviews: ReviewsDep) -> Response:
    entry = reviews.catalog.get(alias)
    return Response(
        dump_lens(entry.lens),
        media_type="application/json",
        headers={"Content-Disposition": content_disposition(f"{alias}.json", f"{alias}.json")},
    )


@router.get("/lenses/{alias}", response_class=HTMLResponse)
def lens_view(request: Request, alias: str, reviews: ReviewsDep) -> HTMLResponse:
    entry = reviews.catalog.get(alias)
    return render(
        request,
        "lens.html",
        {
            "section": "lenses",
            "entry": entry,
            "lens": entry.lens,
            "choices": sum(len(q.choices) for _, q in entry.lens.questions()),
        },
    )
