"""The query UI in a real browser (Debian's headless Chromium through Selenium) against
``wpikg serve``: the editor with the project's prefixes, the gallery, result views, download
links and the permalink, and not one request to another host."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from tests.conftest import ROOT, screenshot

from wpikg.namespaces import PREFIXES
from wpikg.queries import load_queries

QUERIES = load_queries(ROOT / "queries")


def wait(driver: WebDriver, condition: Callable[[WebDriver], Any], timeout: float = 30) -> Any:
    return WebDriverWait(driver, timeout).until(condition)


def open_ui(driver: WebDriver, url: str) -> None:
    """Load the page and wait until the editor and the gallery are ready."""
    driver.get(url)
    wait(driver, lambda d: d.execute_script("return !!window.wpikgQueryUi"))


def editor_text(driver: WebDriver) -> str:
    return str(driver.execute_script("return wpikgQueryUi.currentQuery()"))


def visible_examples(driver: WebDriver) -> set[str]:
    return {
        e.get_attribute("data-name") or ""
        for e in driver.find_elements(By.CSS_SELECTOR, ".example")
        if e.is_displayed()
    }


def run_query(driver: WebDriver) -> None:
    driver.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr_response_chip"))


def table_rows(driver: WebDriver) -> list[str]:
    driver.find_element(By.CSS_SELECTOR, ".yasr .select_table").click()
    rows = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
    return [row.text for row in rows]


def assert_only_loopback(driver: WebDriver, base: str) -> None:
    """Every resource the page fetched came from this server."""
    names = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])"
    )
    assert names, "the page fetched nothing"
    outside = [n for n in names if not n.startswith(base + "/")]
    assert outside == [], outside


@pytest.fixture
def ui(browser: WebDriver, live_server: str) -> WebDriver:
    """The query UI, fresh: no tabs kept from an earlier test."""
    open_ui(browser, f"{live_server}/query")
    browser.execute_script("localStorage.clear()")
    open_ui(browser, f"{live_server}/query")
    return browser


def test_editor_has_the_projects_prefixes(ui: WebDriver, live_server: str) -> None:
    text = editor_text(ui)
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: <{namespace}>" in text
    offered = ui.execute_async_script(
        "const done = arguments[0];Yasgui.Yasqe.Autocompleters.prefixes.get().then(done);"
    )
    assert "kg: <https://w3id.org/wpikg/ontology#>" in offered
    assert len(offered) == len(PREFIXES)
    assert ui.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword")  # highlighted
    assert_only_loopback(ui, live_server)


def test_typing_a_known_prefix_declares_it(ui: WebDriver) -> None:
    ui.execute_script("wpikgQueryUi.yasgui.getTab().getYasqe().setValue('')")
    area = ui.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
    area.send_keys("SELECT * WHERE { ?agreement a kg:")
    wait(ui, lambda d: "PREFIX kg: <https://w3id.org/wpikg/ontology#>" in editor_text(d))
    area.send_keys(Keys.ESCAPE)


def test_prefix_completion_offers_the_projects_prefixes(ui: WebDriver) -> None:
    ui.execute_script(
        "const yasqe = wpikgQueryUi.yasgui.getTab().getYasqe();"
        "yasqe.setValue('PREFIX sdmx'); yasqe.focus(); yasqe.setCursor(0, 11);"
    )
    area = ui.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
    area.send_keys(Keys.CONTROL, " ")
    hints = wait(ui, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    offered = {hint.text for hint in hints}
    assert offered == {f"{p}: <{PREFIXES[p]}>" for p in ("sdmx-attribute", "sdmx-dimension")}, (
        offered
    )


def test_gallery_is_searchable_by_text_and_tag(ui: WebDriver) -> None:
    assert visible_examples(ui) == set(QUERIES)
    search = ui.find_element(By.ID, "gallery-search")
    search.send_keys("物性研")  # Japanese words find queries by their Japanese text
    issp = {n for n, q in QUERIES.items() if "物性研" in q.title_in("ja") + q.description("ja")}
    wait(ui, lambda d: visible_examples(d) == issp)
    assert issp and len(issp) < len(QUERIES)
    search.clear()
    search.send_keys(" ")  # fires the input event
    ui.find_element(By.CSS_SELECTOR, '.tag-filter[data-tag="wpi"]').click()
    wpi = {n for n, q in QUERIES.items() if "wpi" in q.tags}
    wait(ui, lambda d: visible_examples(d) == wpi)
    ui.find_element(By.CSS_SELECTOR, '.tag-filter[data-tag=""]').click()
    wait(ui, lambda d: visible_examples(d) == set(QUERIES))
    search.send_keys("出典")  # a tag's Japanese label finds its queries too
    tagged = {n for n, q in QUERIES.items() if "provenance" in q.tags or "sources" in q.tags}
    wait(ui, lambda d: tagged <= visible_examples(d))


def test_an_example_loads_runs_and_shows_rows_and_a_bar_chart(
    ui: WebDriver, live_server: str
) -> None:
    name = "riken-agreements-active-by-country"
    ui.find_element(By.CSS_SELECTOR, f'.example-load[data-name="{name}"]').click()
    text = editor_text(ui)
    assert "VALUES (?date)" in text and text.startswith("# RIKEN agreements in force")
    run_query(ui)
    chart = wait(ui, lambda d: d.find_elements(By.CSS_SELECTOR, ".wpikg-chart.bar canvas"))
    assert chart[0].size["height"] > 100
    screenshot(ui, "query-ui-bar-chart")
    rows = table_rows(ui)
    assert len(rows) == 47
    korea = [row.split("\n") for row in rows if '"South Korea"@en' in row]
    assert korea and '"30"^^xsd:integer' in korea[0]  # typed cells, as YASR shows them
    screenshot(ui, "query-ui-gallery-example")
    assert_only_loopback(ui, live_server)


def test_a_timeline_view(ui: WebDriver, live_server: str) -> None:
    ui.find_element(
        By.CSS_SELECTOR, '.example-load[data-name="longest-running-agreements"]'
    ).click()
    run_query(ui)
    wait(ui, lambda d: d.find_elements(By.CSS_SELECTOR, ".wpikg-chart.timeline canvas"))
    screenshot(ui, "query-ui-timeline")
    assert_only_loopback(ui, live_server)


def test_download_links_and_permalink_reproduce_the_query(ui: WebDriver, live_server: str) -> None:
    ui.find_element(By.CSS_SELECTOR, '.example-load[data-name="wpi-budget-per-year"]').click()
    query = editor_text(ui)
    csv_link = ui.find_element(By.ID, "download-csv").get_attribute("href") or ""
    downloaded = httpx.get(csv_link, timeout=60)
    table = list(csv.reader(io.StringIO(downloaded.text)))
    assert table[0][:3] == ["fiscalYear", "budgetJPY", "centers"]
    assert table[-1][:3] == ["2020", "5900000000", "8"]
    assert not ui.find_element(By.ID, "download-turtle").is_displayed()  # a SELECT query
    permalink = ui.find_element(By.ID, "permalink").get_attribute("value") or ""
    assert permalink.startswith(f"{live_server}/query?query=")
    ui.execute_script("localStorage.clear()")
    open_ui(ui, permalink)
    assert editor_text(ui) == query
    rows = wait(ui, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
    assert len(rows) == 3  # the permalink runs the query on opening
    assert_only_loopback(ui, live_server)


def test_an_example_link_and_the_sparql_url_open_the_ui(
    browser: WebDriver, live_server: str
) -> None:
    open_ui(browser, f"{live_server}/query?example=wpi-centers")
    assert editor_text(browser).startswith("# WPI centres with host")
    open_ui(browser, f"{live_server}/queries/wpi-budget-per-year")  # to the UI, and run
    rows = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
    assert len(rows) == 3 and editor_text(browser).startswith("# WPI budget")
    open_ui(browser, f"{live_server}/sparql")  # a browser asks for HTML: the same UI
    assert browser.find_elements(By.CSS_SELECTOR, "#yasgui .CodeMirror")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".example")) == len(QUERIES)
    assert_only_loopback(browser, live_server)
