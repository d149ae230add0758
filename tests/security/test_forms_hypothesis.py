"""Generated input, posted to every form of the site: never a 500, never a half-saved form.

Hypothesis builds each POST from the form's own fields (left out, valid, empty, random
text, numbers or known-odd values) plus a few fields no form has. Whatever the answer,
it is not a server error; when the form is shown again with its errors (200) or the
request is refused (400), the database is exactly as it was.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.endpoints import FORM_NAMES, forms
from tests.security.helpers import client_for, db_state
from tests.security.test_odd_input import ODD

pytestmark = pytest.mark.django_db

SHOWN_AGAIN = {200, 400}
ANSWERS = {200, 302, 400, 404, 429}
# Field names like a browser would send; the values are where the hostility goes.
FIELD_NAME = st.text(st.characters(categories=["L", "N"], include_characters="_-[]"), min_size=1)


def field_values(valid):
    """What a field may be sent as: its valid value, or anything else."""
    return st.one_of(
        st.just(valid),
        st.just(""),
        st.text(max_size=300),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(list(ODD.values())),
    )


def post_data(valid):
    """A POST for a form whose valid data is ``valid``: each field kept, changed or left out."""
    own_fields = st.fixed_dictionaries(
        {}, optional={name: field_values(value) for name, value in valid.items()}
    )
    extra_fields = st.dictionaries(FIELD_NAME.filter(lambda name: name not in valid), st.text())
    return st.tuples(own_fields, extra_fields.map(lambda extra: dict(list(extra.items())[:3])))


@pytest.mark.parametrize("form_name", FORM_NAMES)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_input_never_breaks_a_form(scene, form_name, data):
    # One client per form for all examples: signing in anew each time would only add noise.
    if not hasattr(scene, "clients"):
        scene.clients = {}
    (form,) = [form for form in forms(scene) if form[0] == form_name]
    _name, user, url, valid = form
    if form_name not in scene.clients:
        client = client_for(user)
        scene.clients[form_name] = (client, url(scene, client) if callable(url) else url)
    client, target = scene.clients[form_name]

    own, extra = data.draw(post_data(valid), label="post")
    before = db_state()
    response = client.post(target, {**extra, **own})
    assert response.status_code in ANSWERS
    if response.status_code in SHOWN_AGAIN:
        assert db_state() == before
