"""axe-core, injected into every main page, finds nothing serious or critical: once light at
desktop width, once dark at phone width (where wide tables scroll and colours change).

axe's own report (every violation, whatever its impact) is written to
artifacts/axe-<scheme>-<width>.json for reading after a run.
"""

import json

import pytest

from tests.e2e.conftest import AXE_JS, DESKTOP, PHONE, need_node_tool
from tests.e2e.pages import admin_pages, main_pages

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}

# Inputs a person fills in or chooses; each needs a <label> of its own (not only a placeholder
# or an aria-label), so that clicking the words focuses the control.
UNLABELLED_CONTROLS = """() => [...document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea'
  )].filter((control) => control.labels.length === 0).map((control) => control.outerHTML)"""


# In the admin, a control may be named by aria-label: Django's tabular inlines have column
# headings, not a <label> per cell (catalog.admin names each after its row).
UNNAMED_CONTROLS = UNLABELLED_CONTROLS.replace(
    "control.labels.length === 0",
    "control.labels.length === 0 && !control.getAttribute('aria-label')"
    " && control.getAttribute('aria-hidden') !== 'true'",
)

# Django's admin ships Select2 for its autocomplete fields; what axe finds in Select2's own
# markup is Django's to fix (and reported there), not ours.
NOT_OURS = ("select2",)


def ours(violation):
    return not all(any(part in str(node) for part in NOT_OURS) for node in violation["nodes"])


def axe_violations(page):
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


def summary(violations):
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]],
        }
        for violation in violations
    ]


def check_pages(
    pages,
    new_context,
    artifacts,
    report_name,
    color_scheme,
    viewport,
    unlabelled=UNLABELLED_CONTROLS,
):
    """Run axe on each page; every serious or critical violation and unlabelled control."""
    need_node_tool(AXE_JS)
    contexts, report, problems = {}, {}, []
    for main_page in pages:
        key = main_page.user.pk if main_page.user else None
        if key not in contexts:
            # axe is injected as an inline script, which the site's CSP forbids.
            contexts[key] = new_context(
                user=main_page.user, bypass_csp=True, color_scheme=color_scheme, viewport=viewport
            ).new_page()
        page = contexts[key]
        page.goto(main_page.path)
        violations = summary(axe_violations(page))
        report[main_page.name] = {"path": main_page.path, "violations": violations}
        problems += [
            f"{main_page.name} ({main_page.path}): {violation['impact']} {violation['id']}: "
            f"{violation['help']} at {violation['nodes'][:3]}"
            for violation in violations
            if violation["impact"] in BLOCKING and ours(violation)
        ]
        problems += [
            f"{main_page.name} ({main_page.path}): no <label> for {control}"
            for control in page.evaluate(unlabelled)
            if "select2" not in control
        ]
    report_file = artifacts / f"{report_name}-{color_scheme}-{viewport['width']}.json"
    report_file.write_text(json.dumps(report, indent=2))
    return problems


SCHEMES = pytest.mark.parametrize(
    "color_scheme, viewport", [("light", DESKTOP), ("dark", PHONE)], ids=["light", "dark-phone"]
)


@SCHEMES
def test_main_pages_have_no_serious_violation(new_context, site, artifacts, color_scheme, viewport):
    problems = check_pages(main_pages(site), new_context, artifacts, "axe", color_scheme, viewport)
    assert not problems, "\n".join(problems)


@SCHEMES
def test_curators_admin_pages_have_no_serious_violation(
    new_context, site, artifacts, color_scheme, viewport
):
    pages = admin_pages(site)
    problems = check_pages(
        pages, new_context, artifacts, "axe-admin", color_scheme, viewport, UNNAMED_CONTROLS
    )
    assert not problems, "\n".join(problems)
