"""End to end in headless Chromium (Debian's package, driven by Playwright): a complete review
done in the browser, keyboard-only use, and the pages without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.test_dashboard_pages import pdf_pages

pytestmark = pytest.mark.browser

REVIEW = "/workloads/e2e-shop/review/wellarchitected"


def pill(page, question_id):
    return page.locator(f'a.qnav-link[href$="/{question_id}"] .pill')


def card(page, level):
    return page.locator(f'[data-card="{level}"] [data-value]')


def save_and_next(page):
    page.get_by_role("button", name=re.compile("Save and (next|finish)")).click()
    page.wait_for_load_state()


def test_complete_review_in_the_browser(page, reviews, tmp_path):
    base = page.base
    # Create a workload.
    page.goto(base + "/workloads")
    page.get_by_role("link", name="+ New workload").first.click()
    page.fill("#name", "e2e-shop")
    page.fill("#owner", "Team E2E")
    page.fill("#regions", "eu-west-1")
    page.select_option("#priority_1", "security")
    page.get_by_role("button", name="Create workload").click()
    assert page.url == base + "/workloads/e2e-shop"
    assert "Created workload" in page.inner_text(".flashes")

    # Answer questions across pillars.
    page.get_by_role("link", name="Start review").click()
    assert page.url.endswith(f"{REVIEW}/OPS01")
    for index in range(1, 5):  # the four HIGH practices of OPS01: medium risk remains
        page.check(f"#c-{index}")
    save_and_next(page)
    assert page.url.endswith(f"{REVIEW}/OPS02")
    assert "Saved OPS01: medium risk." in page.inner_text(".flashes")
    assert pill(page, "OPS01").inner_text().startswith("Medium")

    page.goto(base + f"{REVIEW}/SEC01")
    page.check("#c-none")
    save_and_next(page)
    assert pill(page, "SEC01").inner_text().startswith("High")

    page.goto(base + f"{REVIEW}/REL09")
    for index in range(1, 5):
        page.check(f"#c-{index}")
    page.fill("#notes", "Restores tested monthly.")
    save_and_next(page)
    assert pill(page, "REL09").inner_text().startswith("None")

    # The dashboard shows the risks.
    page.goto(base + "/workloads/e2e-shop")
    assert card(page, "HIGH").inner_text() == "1"
    assert card(page, "MEDIUM").inner_text() == "1"
    assert page.locator("svg.risk-chart").count() == 1
    assert "SEC01" in page.inner_text("#plan")

    # Save a milestone.
    page.fill("#milestone", "baseline")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Saved milestone 1 “baseline”: 1 high and 1 medium risks." in page.inner_text(".flashes")

    # Change answers: SEC01 gets every practice; the script clears "None of these".
    page.goto(base + f"{REVIEW}/SEC01")
    assert page.is_checked("#c-none")
    count = page.locator('input[name="choice"]:not([data-none])').count()
    for index in range(1, count + 1):
        page.check(f"#c-{index}")
    assert not page.is_checked("#c-none")
    save_and_next(page)
    assert pill(page, "SEC01").inner_text().startswith("None")
    page.goto(base + "/workloads/e2e-shop")
    assert card(page, "HIGH").inner_text() == "0"

    # Compare the milestone with now.
    page.select_option("#from", "1")
    page.select_option("#to", "now")
    page.get_by_role("button", name="Compare").click()
    assert "/compare?" in page.url
    assert page.locator('[data-total="hris_fixed"]').inner_text() == "1"
    row = page.locator('tr[data-question="SEC01"]')
    assert "High risk" in row.inner_text() and "No risk" in row.inner_text()
    assert "Improved" in row.inner_text()

    # Download the PDF report.
    page.goto(base + "/workloads/e2e-shop")
    with page.expect_download(timeout=120_000) as download:
        page.locator('a.download[href$="report.pdf"]').click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) >= 2
    assert download.value.suggested_filename == "e2e-shop-well-architected-review.pdf"

    saved = reviews.repository.answers(reviews.workload("e2e-shop"), "wellarchitected")
    assert saved["REL09"].notes == "Restores tested monthly."


def test_keyboard_only_review(page, reviews):
    reviews.create_workload("e2e-shop")
    page.goto(page.base + f"{REVIEW}/REL09")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")

    def tab_to(selector, limit=250):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#c-1")
    page.keyboard.press("Space")
    tab_to("#c-2")
    page.keyboard.press("Space")
    tab_to("#notes")
    page.keyboard.type("typed with the keyboard")
    page.keyboard.press("Control+Enter")  # the shortcut saves and moves on
    page.wait_for_url(re.compile(r"/REL10$"))
    answer = reviews.repository.answers(reviews.workload("e2e-shop"), "wellarchitected")["REL09"]
    assert answer.selected[:2] == (
        "rel_backing_up_data_identified_backups_data",
        "rel_backing_up_data_secured_backups_data",
    )
    assert answer.notes == "typed with the keyboard"
    # Without the shortcut: Space ticks, Tab reaches "Save and next", Enter presses it.
    tab_to("#c-none")
    page.keyboard.press("Space")
    tab_to('button[value="next"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/REL11$"))
    assert pill(page, "REL10").inner_text().startswith("High")
    # Every focused control shows a focus ring.
    tab_to("#c-1")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_pages_work_without_javascript(browser, live_server, reviews):
    reviews.create_workload("e2e-shop")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    page.goto(base + f"{REVIEW}/REL09")
    assert page.is_visible("#na-fields")  # reason fields are simply shown
    page.check("#c-1")
    page.check("#c-none")  # nothing unticks the other choice without the script
    page.get_by_role("button", name="Save and next →").click()
    assert "cannot be combined with other choices" in page.inner_text("#answer-error")
    assert page.is_checked("#c-1") and page.is_checked("#c-none")  # the form as sent
    page.uncheck("#c-none")
    page.get_by_role("button", name="Save and next →").click()
    assert page.url.endswith(f"{REVIEW}/REL10")
    page.goto(base + "/workloads/e2e-shop")
    page.fill("#milestone", "no-js")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Saved milestone 1" in page.inner_text(".flashes")
    context.close()


def test_lens_upload_errors_in_the_browser(page):
    from tests.web.conftest import LENS_FIXTURES

    page.goto(page.base + "/lenses")
    page.set_input_files("#file", str(LENS_FIXTURES / "many-problems.json"))
    assert page.input_value("#alias") == "many-problems"  # filled from the file name
    page.get_by_role("button", name="Validate and import").click()
    problems = page.inner_text(".problems")
    assert "$.pillars[0].id" in problems
    assert "$.pillars[0].questions[1].choices[0].improvementPlan.url" in problems
