"""The HTML evidence view in a real headless browser (Debian's chromium and chromedriver through selenium).

One browser session for the module, one small report (tests/fixtures/html): every evidence span is
highlighted with exactly its text, choosing an item brings its first span into view and "next" moves to
the second, hostile markup in the report shows as text, and the console stays clean. Skips with the
reason when chromium, chromedriver or selenium are missing (.ci/run installs them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports.html_view import render_html
from scorer.api import score_report

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "html" / "hostile-markup-and-table.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# The DOM text of each evidence span (item|start-end): its pieces (marks sharing data-span) joined in document order.
SPAN_TEXTS = """
const out = {};
for (const m of document.querySelectorAll('#report mark[data-span]')) {
  const key = m.dataset.item + '|' + m.dataset.start + '-' + m.dataset.end;
  out[key] = (out[key] || '') + m.textContent;
}
return out;
"""
IN_VIEW = """
const r = arguments[0].getBoundingClientRect();
return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
"""


@pytest.fixture(scope="module")
def result():
    return score_report(FIXTURE)


@pytest.fixture(scope="module")
def browser(tmp_path_factory, result):
    """A headless chromium showing the page of the fixture report (file://), shared by the module's tests."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip(f"chromium or chromedriver not found ({CHROMIUM}, {CHROMEDRIVER}); Debian: apt-get install "
                    "chromium chromium-driver (.ci/run does)")
    from selenium.webdriver.chrome.service import Service

    folder = tmp_path_factory.mktemp("html-view")
    page = folder / "report.html"
    page.write_text(render_html(result), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1280,800",
                 f"--user-data-dir={folder / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.get(page.as_uri())
        yield driver
    finally:
        driver.quit()


def _expected(result) -> dict[str, str]:
    return {f"{item.id}|{ev.start}-{ev.end}": result.text[ev.start:ev.end]
            for item in result.items for ev in item.evidence if ev.end > ev.start}


def test_every_evidence_span_is_marked_with_its_exact_text(browser, result):
    shown = browser.execute_script(SPAN_TEXTS)
    expected = _expected(result)
    assert len(expected) >= 20  # the fixture has evidence for many items
    assert shown == expected
    first = browser.execute_script("return Array.from(document.querySelectorAll('#report mark.first'))"
                                   ".map(m => [m.dataset.item, getComputedStyle(m, '::before').content]);")
    assert all(content == f'"{item}"' for item, content in first)  # the visible tag names the item


def test_choosing_an_item_shows_its_first_span_and_next_moves_to_the_second(browser, result):
    from selenium.webdriver.common.by import By

    item = next(i for i in result.items if len({(e.start, e.end) for e in i.evidence}) >= 2)
    spans = sorted({(e.start, e.end) for e in item.evidence})
    browser.find_element(By.CSS_SELECTOR, f'button.item[data-item="{item.id}"]').click()
    current = browser.find_elements(By.CSS_SELECTOR, "#report mark.current")
    assert current and "".join(m.get_property("textContent") for m in current) == result.text[slice(*spans[0])]
    assert browser.execute_script(IN_VIEW, current[0])
    browser.find_element(By.ID, "nav-next").click()
    current = browser.find_elements(By.CSS_SELECTOR, "#report mark.current")
    assert "".join(m.get_property("textContent") for m in current) == result.text[slice(*spans[1])]
    assert browser.execute_script(IN_VIEW, current[0])
    assert browser.find_element(By.ID, "nav-where").text == f"{item.id}：2 / {len(spans)}"


def test_keys_step_through_the_spans(browser, result):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    item = next(i for i in result.items if len({(e.start, e.end) for e in i.evidence}) >= 3)
    spans = sorted({(e.start, e.end) for e in item.evidence})
    button = browser.find_element(By.CSS_SELECTOR, f'button.item[data-item="{item.id}"]')
    browser.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    assert button.get_attribute("aria-pressed") == "true"
    button.send_keys("n")
    button.send_keys("n")
    current = browser.find_elements(By.CSS_SELECTOR, "#report mark.current")
    assert "".join(m.get_property("textContent") for m in current) == result.text[slice(*spans[2])]
    button.send_keys("p")
    current = browser.find_elements(By.CSS_SELECTOR, "#report mark.current")
    assert "".join(m.get_property("textContent") for m in current) == result.text[slice(*spans[1])]


def test_markup_in_the_report_is_shown_as_text(browser, result):
    from selenium.webdriver.common.by import By

    body = browser.find_element(By.ID, "report")
    assert "<script>alert(1)</script>" in body.text
    assert "<b>标签</b>与&amp;实体" in body.text
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1  # the page's own
    assert browser.execute_script("return document.querySelectorAll('#report b:not(.runin)').length") == 0
    # the whole text is there, once, in order: the page drops and adds nothing
    assert body.get_property("textContent") == result.text


def test_the_report_table_is_a_table(browser):
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.CSS_SELECTOR, "#report table tr")
    assert [len(r.find_elements(By.TAG_NAME, "td")) for r in rows] == [3, 3, 3]
    assert rows[1].find_elements(By.TAG_NAME, "td")[2].text == "65800"


def test_a_link_to_an_item_opens_at_its_first_span(browser, result):
    """What a workbook's 依据摘录 link does: R.html#item-B2 chooses the item and shows its first span."""
    from selenium.webdriver.common.by import By

    item = next(i for i in reversed(result.items) if i.evidence)
    first = min((e.start, e.end) for e in item.evidence)
    page = browser.current_url.split("#", 1)[0]
    browser.get(f"{page}#item-{item.id}")
    browser.refresh()  # a fragment change alone is a hashchange; a fresh load is what opening the link does
    current = browser.find_elements(By.CSS_SELECTOR, "#report mark.current")
    assert "".join(m.get_property("textContent") for m in current) == result.text[slice(*first)]
    assert browser.execute_script(IN_VIEW, current[0])
    assert browser.find_element(By.CSS_SELECTOR, f'button.item[data-item="{item.id}"]').get_attribute(
        "aria-pressed") == "true"


def test_the_console_has_no_errors(browser):
    logs = browser.get_log("browser")
    assert [entry for entry in logs if entry["level"] in {"SEVERE", "ERROR"}] == []
