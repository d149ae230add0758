"""Sign-in throttling: five wrong passwords lock one username from one address for a while."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.security.helpers import PASSWORD, client_for

pytestmark = pytest.mark.django_db

User = get_user_model()
LOGIN = reverse("login")
HOME_ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.23"


def sign_in(username, password, address=HOME_ADDRESS, client=None):
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return client, response


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(times, username="alice", address=HOME_ADDRESS):
    for _ in range(times):
        _client, response = sign_in(username, "wrong password", address)
    return response


def assert_locked_out(response):
    content = response.content.decode()
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "<h1>Too many wrong passwords</h1>" in content
    assert "Try again in 15 minutes" in content
    assert '<nav class="navbar' in content


def test_four_wrong_passwords_still_let_the_right_one_in(owner):
    response = fail(4)
    assert response.status_code == 200
    assert "username and password don&#x27;t match an account" in response.content.decode()
    client, response = sign_in("alice", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_fifth_wrong_password_locks_with_a_clear_message(owner):
    assert_locked_out(fail(5))


def test_during_the_lock_even_the_right_password_is_refused(owner):
    fail(5)
    client, response = sign_in("alice", PASSWORD)
    assert_locked_out(response)
    assert not signed_in(client)


def test_the_lock_ignores_the_case_of_the_username(owner):
    for typed in ["alice", "Alice", "ALICE", "aLiCe", "alicE"]:
        sign_in(typed, "wrong password")
    client, response = sign_in("Alice", PASSWORD)
    assert_locked_out(response)
    assert not signed_in(client)


def test_the_same_username_from_another_address_still_signs_in(owner):
    """An attacker can't lock the real owner out from everywhere."""
    fail(5)
    client, response = sign_in("alice", PASSWORD, OTHER_ADDRESS)
    assert response.status_code == 302
    assert signed_in(client)


def test_another_username_from_the_same_address_still_signs_in(owner, other_user):
    """Nor can one person lock out everyone behind a shared address."""
    fail(5)
    client, response = sign_in("bob", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_admin_login_shares_the_lock(owner):
    fail(5)
    response = Client().post(
        reverse("admin:login"),
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR=HOME_ADDRESS,
    )
    assert_locked_out(response)


def test_after_the_cool_off_the_right_password_works_again(owner):
    fail(5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    client, response = sign_in("alice", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_try_during_the_lock_starts_the_wait_again(owner):
    fail(5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=14)
    )
    assert_locked_out(sign_in("alice", PASSWORD)[1])
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=14)
    )
    assert_locked_out(sign_in("alice", PASSWORD)[1])


def test_a_successful_sign_in_forgets_earlier_failures(owner):
    fail(4)
    sign_in("alice", PASSWORD)
    response = fail(4)
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(failures_since_start__gte=5).exists()


def test_the_attempts_record_no_password(owner):
    fail(1)
    attempt = AccessAttempt.objects.get()
    assert "wrong password" not in attempt.post_data
    assert attempt.username == "alice"
    assert attempt.ip_address == HOME_ADDRESS


class TestBehindAProxy:
    """With SADLIST_TRUSTED_PROXIES set, the address is the one the proxy saw."""

    @pytest.fixture(autouse=True)
    def one_proxy(self, settings):
        settings.SADLIST_TRUSTED_PROXIES = 1

    def post(self, forwarded_for, password="wrong password"):
        return Client().post(
            LOGIN,
            {"username": "alice", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    def test_visitors_behind_one_proxy_are_told_apart(self, owner):
        for _ in range(5):
            self.post(HOME_ADDRESS)
        assert self.post(HOME_ADDRESS, PASSWORD).status_code == 429
        assert self.post(OTHER_ADDRESS, PASSWORD).status_code == 302

    def test_a_forged_forwarded_for_entry_is_not_trusted(self, owner):
        # The client wrote the left-hand entries itself; only the proxy's own is believed.
        for n in range(5):
            self.post(f"10.0.0.{n}, {HOME_ADDRESS}")
        assert self.post(f"10.9.9.9, {HOME_ADDRESS}", PASSWORD).status_code == 429

    def test_a_garbage_forwarded_for_falls_back_to_the_connection(self, owner):
        response = self.post("not-an-address")
        assert response.status_code == 200
        assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


class TestAccountDeletion:
    """The password asked before deleting an account can't be guessed without limit either."""

    URL = reverse("accounts:delete")

    def test_five_wrong_passwords_lock_the_form(self, owner):
        client = client_for(owner)
        for _ in range(4):
            response = client.post(self.URL, {"password": "guess"}, REMOTE_ADDR=HOME_ADDRESS)
            assert response.status_code == 200
            assert response.context["form"].has_error("password", "wrong_password")
        assert_locked_out(client.post(self.URL, {"password": "guess"}, REMOTE_ADDR=HOME_ADDRESS))
        response = client.post(self.URL, {"password": PASSWORD}, REMOTE_ADDR=HOME_ADDRESS)
        assert_locked_out(response)
        assert User.objects.filter(pk=owner.pk).exists()

    def test_the_right_password_still_deletes(self, owner):
        client = client_for(owner)
        client.post(self.URL, {"password": "guess"}, REMOTE_ADDR=HOME_ADDRESS)
        response = client.post(self.URL, {"password": PASSWORD}, REMOTE_ADDR=HOME_ADDRESS)
        assert response.status_code == 302
        assert not User.objects.filter(pk=owner.pk).exists()

    def test_wrong_deletion_passwords_count_towards_the_sign_in_lock(self, owner):
        client = client_for(owner)
        for _ in range(5):
            client.post(self.URL, {"password": "guess"}, REMOTE_ADDR=HOME_ADDRESS)
        assert_locked_out(sign_in("alice", PASSWORD)[1])


class TestPasswordChange:
    """A signed-in session can't guess the old password without limit (seen: 30 in 10 s)."""

    URL = reverse("password_change")

    def change(self, client, old, new="a brand new passphrase 77"):
        data = {"old_password": old, "new_password1": new, "new_password2": new}
        return client.post(self.URL, data, REMOTE_ADDR=HOME_ADDRESS)

    def test_five_wrong_old_passwords_lock_the_form(self, owner):
        client = client_for(owner)
        for _ in range(4):
            response = self.change(client, "guess")
            assert response.status_code == 200
            assert response.context["form"].has_error("old_password", "password_incorrect")
        assert_locked_out(self.change(client, "guess"))
        assert_locked_out(self.change(client, PASSWORD))
        owner.refresh_from_db()
        assert owner.check_password(PASSWORD)

    def test_the_right_old_password_still_changes_it(self, owner):
        client = client_for(owner)
        self.change(client, "guess")
        response = self.change(client, PASSWORD)
        assert response.status_code == 302
        owner.refresh_from_db()
        assert owner.check_password("a brand new passphrase 77")

    def test_wrong_old_passwords_count_towards_the_sign_in_lock(self, owner):
        client = client_for(owner)
        for _ in range(5):
            self.change(client, "guess")
        assert_locked_out(sign_in("alice", PASSWORD)[1])


class TestPasswordReset:
    """Reset mail is limited per email and per address, and a reset lifts a sign-in lock."""

    URL = reverse("password_reset")

    def ask(self, email, address=HOME_ADDRESS):
        return Client().post(self.URL, {"email": email}, REMOTE_ADDR=address)

    @pytest.mark.parametrize("email", ["alice@example.com", "nobody@example.com"])
    def test_a_fourth_request_in_an_hour_sends_nothing_and_says_the_same(self, owner, email):
        from django.core import mail

        for _ in range(3):
            assert self.ask(email).status_code == 302
        response = self.ask(email, address=OTHER_ADDRESS)
        assert response.status_code == 200
        assert "Too many reset requests for this address" in response.content.decode()
        assert len(mail.outbox) == (3 if email == "alice@example.com" else 0)

    def test_one_address_asking_for_many_emails_is_stopped(self, owner, settings):
        from django.core import mail

        settings.SADLIST_PASSWORD_RESETS_PER_ADDRESS = 4
        for n in range(4):
            assert self.ask(f"someone{n}@example.com").status_code == 302
        assert self.ask("alice@example.com").status_code == 200
        assert mail.outbox == []
        assert self.ask("alice@example.com", address=OTHER_ADDRESS).status_code == 302
        assert len(mail.outbox) == 1

    def test_an_hour_later_the_mail_is_sent_again(self, owner):
        from accounts.models import PasswordResetRequest

        for _ in range(3):
            self.ask("alice@example.com")
        PasswordResetRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=61))
        assert self.ask("alice@example.com").status_code == 302

    def test_a_completed_reset_lifts_the_sign_in_lock(self, owner):
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        fail(5)
        assert_locked_out(sign_in("alice", PASSWORD)[1])
        client = Client()
        uid = urlsafe_base64_encode(force_bytes(owner.pk))
        token = default_token_generator.make_token(owner)
        form = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
        new = "a fresh start passphrase 31"
        response = client.post(
            form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_complete")
        client, response = sign_in("alice", new)
        assert response.status_code == 302
        assert signed_in(client)
