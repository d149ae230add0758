"""axe-core, injected into every main page, finds nothing serious or critical: once light at
desktop width, once dark at phone width (where wide tables scroll and colours change).

axe's own report (every violation, whatever its impact) is written to
artifacts/axe-<scheme>-<width>.json for reading after a run.
"""

import json

import pytest

from tests.e2e.conftest import AXE_JS, DESKTOP, PHONE, need_node_tool
from tests.e2e.pages import main_pages

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}

# Inputs a person fills in or chooses; each needs a <label> of its own (not only a placeholder
# or an aria-label), so that clicking the words focuses the control.
UNLABELLED_CONTROLS = """() => [...document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea'
  )].filter((control) => control.labels.length === 0).map((control) => control.outerHTML)"""


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


@pytest.mark.parametrize(
    "color_scheme, viewport", [("light", DESKTOP), ("dark", PHONE)], ids=["light", "dark-phone"]
)
def test_main_pages_have_no_serious_violation(new_context, site, artifacts, color_scheme, viewport):
    need_node_tool(AXE_JS)
    contexts, report, problems = {}, {}, []
    for main_page in main_pages(site):
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
            if violation["impact"] in BLOCKING
        ]
        problems += [
            f"{main_page.name} ({main_page.path}): no <label> for {control}"
            for control in page.evaluate(UNLABELLED_CONTROLS)
        ]
    report_file = artifacts / f"axe-{color_scheme}-{viewport['width']}.json"
    report_file.write_text(json.dumps(report, indent=2))
    assert not problems, "\n".join(problems)
