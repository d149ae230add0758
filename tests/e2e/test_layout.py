"""Screenshots of the main pages at desktop and phone width, no sideways scrolling on a
phone, and colours that follow the system's light or dark preference.

Screenshots go to artifacts/screenshots/<page>-<width>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import admin_pages, main_pages

pytestmark = pytest.mark.e2e

BODY_COLOURS = """() => {
  const style = getComputedStyle(document.body);
  return [style.color, style.backgroundColor];
}"""


def relative_luminance(css_colour):
    """WCAG 2's relative luminance of an ``rgb()``/``rgba()`` colour, 0 (black) to 1 (white)."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first, second):
    lighter, darker = sorted([relative_luminance(first), relative_luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_fit_the_screen(new_context, site, artifacts, viewport):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    contexts, too_wide = {}, []
    for main_page in main_pages(site):
        key = main_page.user.pk if main_page.user else None
        if key not in contexts:
            contexts[key] = new_context(user=main_page.user, viewport=viewport).new_page()
        page = contexts[key]
        page.goto(main_page.path)
        page.screenshot(path=folder / f"{main_page.name}-{viewport['width']}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            too_wide.append(f"{main_page.name} ({main_page.path}): {width}px wide")
    assert not too_wide, f"Pages scroll sideways at {viewport['width']}px:\n" + "\n".join(too_wide)


def test_curators_admin_pages_fit_a_desktop_window(new_context, site, artifacts):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    page, too_wide = None, []
    for admin_page in admin_pages(site):
        page = page or new_context(user=admin_page.user, viewport=DESKTOP).new_page()
        page.goto(admin_page.path)
        page.screenshot(path=folder / f"{admin_page.name}-{DESKTOP['width']}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > DESKTOP["width"]:
            too_wide.append(f"{admin_page.name} ({admin_page.path}): {width}px wide")
        # Nor is a table wider than the box it sits in (its last columns cut off).
        clipped = page.evaluate(
            "[...document.querySelectorAll('table')].filter((table) =>"
            " table.offsetWidth > table.parentElement.clientWidth).map((table) => table.id)"
        )
        if clipped:
            too_wide.append(f"{admin_page.name} ({admin_page.path}): tables {clipped} cut off")
    assert not too_wide, f"Admin pages wider than {DESKTOP['width']}px:\n" + "\n".join(too_wide)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colours_follow_the_system_preference(new_context, site, scheme):
    page = new_context(color_scheme=scheme).new_page()
    for path in ["/", site.april.get_absolute_url(), "/accounts/login/"]:
        page.goto(path)
        assert page.locator("html").get_attribute("data-bs-theme") == scheme, path
        text, background = page.evaluate(BODY_COLOURS)
        if scheme == "dark":
            assert relative_luminance(background) < 0.05, (path, background)
        else:
            assert relative_luminance(background) > 0.9, (path, background)
        # WCAG's enhanced contrast for body text, in both schemes.
        assert contrast(text, background) >= 7, (path, text, background)


def test_colours_change_with_the_preference_while_open(new_context, site):
    page = new_context(color_scheme="light").new_page()
    page.goto("/")
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    page.emulate_media(color_scheme="light")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
