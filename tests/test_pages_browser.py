"""Linked-data pages in a real browser (issue #5): headless Chromium (Debian's ``chromium`` and
``chromium-driver``, installed by ``make browser``) loads an organization and an agreement from
the running server, switches between Japanese and English without JavaScript, and takes
screenshots (``test-artifacts/``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from tests.conftest import screenshot

RIKEN = "/id/organization/riken"
AGREEMENT = "/id/agreement/riken2017-l0091"


@pytest.fixture
def reader(browser: WebDriver, live_server: str) -> Iterator[WebDriver]:
    """The session's browser with no language chosen yet (no cookie), at a desktop size."""
    browser.get(live_server + "/static/wpikg.css")  # the cookie belongs to the server's origin
    browser.delete_all_cookies()
    browser.set_window_size(1280, 900)
    yield browser
    browser.delete_all_cookies()


def text_of(driver: WebDriver, css: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, css).text


def switch_language(driver: WebDriver) -> None:
    driver.find_element(By.ID, "lang-switch").click()  # a plain link: no script involved


def test_organization_page_in_both_languages(reader: WebDriver, live_server: str) -> None:
    reader.get(live_server + RIKEN)
    assert reader.current_url == live_server + "/doc" + RIKEN  # 303 See Other, followed
    assert text_of(reader, "h1") == "RIKEN"  # headless Chromium asks for English
    assert "Agreements over time" in text_of(reader, "#organization")
    assert "Japan" in text_of(reader, "#organization")
    screenshot(reader, "riken-en")

    switch_language(reader)
    assert text_of(reader, "h1") == "理化学研究所"
    organization = text_of(reader, "#organization")
    assert "協定の推移" in organization and "日本" in organization and "内部組織" in organization
    assert text_of(reader, "#lang-switch") == "English"
    screenshot(reader, "riken-ja")


def test_agreement_page_keeps_the_chosen_language(reader: WebDriver, live_server: str) -> None:
    reader.get(live_server + RIKEN + "?lang=ja")  # choose Japanese once…
    reader.get(live_server + AGREEMENT)  # …and it persists (a cookie)
    assert text_of(reader, "h1").startswith("理化学研究所と")
    agreement = text_of(reader, "#agreement")
    for words in ("当事者", "主体", "相手機関", "期間", "開始", "終了", "関連研究センター"):
        assert words in agreement, words
    assert "2006-03" in agreement
    provenance = text_of(reader, "#provenance")
    assert "アルゴンヌ国立研究所 先端光源" in provenance and "91行目" in provenance
    screenshot(reader, "agreement-ja")

    switch_language(reader)
    assert text_of(reader, "h1").startswith("RIKEN agreement with Advanced Photon Source")
    agreement = text_of(reader, "#agreement")
    for words in ("Parties", "Principal", "Partner", "Third party", "Term", "Start", "End"):
        assert words in agreement, words
    assert "line 91" in text_of(reader, "#provenance")
    screenshot(reader, "agreement-en")


def test_pages_need_no_script_and_fit_a_phone(reader: WebDriver, live_server: str) -> None:
    reader.set_window_size(390, 844)
    reader.get(live_server + AGREEMENT)
    scripts = reader.find_elements(By.CSS_SELECTOR, "script")
    assert [s.get_attribute("type") for s in scripts] == ["application/ld+json"]
    overflow = reader.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than a phone's screen"
    screenshot(reader, "agreement-phone")
    reader.get(live_server + "/")
    assert reader.find_element(By.CSS_SELECTOR, "form.search input[name=q]").is_displayed()
    overflow = reader.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    screenshot(reader, "home-phone")


def test_errors_and_the_query_pages_follow_the_chosen_language(
    reader: WebDriver, live_server: str
) -> None:
    reader.get(live_server + "/query?lang=ja")  # chosen on the query UI…
    reader.get(live_server + "/queries")  # …kept on the saved queries…
    assert text_of(reader, "h1") == "保存されたクエリ"
    reader.get(live_server + RIKEN + "?page=abc")  # …and on an error, a page for a browser
    assert text_of(reader, "h1") == "エラー 400"
    assert "page must be a whole number" in text_of(reader, ".error-message")
    screenshot(reader, "error-ja")
