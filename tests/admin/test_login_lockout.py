"""Hostile-inputs row 37: admin brute force is locked out, and a spoofed X-Forwarded-For changes nothing."""

import pytest
from django.contrib.auth.models import User

LOGIN = "/admin/login/"


@pytest.fixture
def staff(db):
    return User.objects.create_user("ana", password="right-horse-battery", is_staff=True)


def login(client, password, username="ana", **headers):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers)


def fail_five_times(client):
    for _ in range(4):
        assert login(client, "wrong").status_code == 200  # the form again, with an error
    assert login(client, "wrong").status_code == 429  # the fifth failure locks the account out


def test_five_failures_lock_the_account_out_even_with_the_right_password(client, staff):
    fail_five_times(client)
    response = login(client, "right-horse-battery")
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_a_spoofed_forwarded_for_header_neither_resets_nor_dodges_the_lockout(client, staff):
    for n in range(5):
        login(client, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert login(client, "right-horse-battery", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_the_lockout_is_per_username_so_other_staff_can_still_log_in(client, staff):
    User.objects.create_user("ion", password="another-long-passphrase", is_staff=True)
    fail_five_times(client)
    response = login(client, "another-long-passphrase", username="ion")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_successful_login_resets_the_count(client, staff):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "right-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "right-horse-battery").status_code == 302
