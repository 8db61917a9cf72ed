"""The Editors group from the data migration, and the create_editor command."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

EDITOR_PERMISSIONS = {
    "add_article",
    "change_article",
    "view_article",
    "add_citation",
    "change_citation",
    "view_citation",
    "add_event",
    "change_event",
    "view_event",
    "view_eventkind",
    "view_place",
}


@pytest.mark.django_db
def test_migration_creates_the_editors_group_without_delete_rights():
    group = Group.objects.get(name="Editors")
    assert set(group.permissions.values_list("codename", flat=True)) == EDITOR_PERMISSIONS


def test_create_editor_makes_a_staff_member_of_editors(db, capsys):
    call_command("create_editor", "ana", "--email", "ana@example.org", "--no-input")
    user = User.objects.get(username="ana")
    assert user.is_staff and not user.is_superuser and user.email == "ana@example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert not user.has_usable_password()
    assert user.has_perm("events.change_event") and not user.has_perm("events.delete_event")
    assert "changepassword ana" in capsys.readouterr().out


def test_create_editor_promotes_an_existing_user_and_asks_for_nothing_else(db):
    User.objects.create_user("bo", password="pw")
    call_command("create_editor", "bo", "--no-input")
    user = User.objects.get(username="bo")
    assert user.is_staff and user.check_password("pw") and user.groups.filter(name="Editors").exists()


def test_create_editor_asks_for_a_password_interactively(db, monkeypatch):
    answers = iter(["one-Long-passphrase", "different", "a-Long-passphrase-42", "a-Long-passphrase-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_editor", "cy")
    assert User.objects.get(username="cy").check_password("a-Long-passphrase-42")


def test_create_editor_dry_run_changes_nothing(db):
    call_command("create_editor", "dee", "--dry-run")
    assert not User.objects.filter(username="dee").exists()
