"""The Nu HTML Checker (npm's vnu-jar, run with the machine's Java) finds no error on any
main page.

Pages are rendered by the Django test client, which serves the same HTML as the live
server in a fraction of the time, and checked in one run of the checker.
"""

import json
import subprocess

import pytest
from django.test import Client

from tests.e2e.conftest import VNU_JAR, need_java, need_node_tool
from tests.e2e.pages import admin_pages, main_pages

pytestmark = pytest.mark.e2e


def test_main_pages_are_valid_html(site, tmp_path, artifacts):
    need_node_tool(VNU_JAR)
    need_java()
    for main_page in main_pages(site) + admin_pages(site):
        client = Client()
        if main_page.user:
            client.force_login(main_page.user)
        response = client.get(main_page.path)
        assert response["Content-Type"].startswith("text/html"), main_page.name
        (tmp_path / f"{main_page.name}.html").write_bytes(response.content)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
        + sorted(str(path) for path in tmp_path.glob("*.html")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    (artifacts / "vnu.json").write_text(json.dumps(messages, indent=2))
    errors = [
        f"{message.get('url', '').rpartition('/')[2]} line {message.get('lastLine')}: "
        f"{message['message']}\n    {message.get('extract', '').strip()}"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
