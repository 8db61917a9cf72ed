"""Create (or promote) a staff user in the "Editors" group.

Editors add and change events, citations and articles, publish events and
import article files; they cannot delete, nor change event kinds or the gazetteer.
"""

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from events.management.base import MapperCommand

EDITORS_GROUP = "Editors"


class Command(MapperCommand):
    help = "Create a staff user in the Editors group (or add an existing user to it)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The editor's email address.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for a password; the editor sets one via 'changepassword' or a reset link.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; change nothing.")

    def handle(self, *args, username, email, interactive, dry_run, **options):
        try:
            group = Group.objects.get(name=EDITORS_GROUP)
        except Group.DoesNotExist as exc:
            raise CommandError("The Editors group is missing; run 'python manage.py migrate' first.") from exc
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        action = "Added existing user" if user else "Created editor"
        if dry_run:
            self.stdout.write(f"{action} {username} to {EDITORS_GROUP} (dry run: nothing changed).")
            return
        with transaction.atomic():
            if user is None:
                user = User(username=username, email=email)
                user.set_password(self.password_ask(user) if interactive else None)
            elif email:
                user.email = email
            user.is_staff = True
            user.save()
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"{action} {username} (staff, group {EDITORS_GROUP})."))
        if not user.has_usable_password() and options["verbosity"] > 0:
            self.stdout.write(f"Set a password with: python manage.py changepassword {username}")

    def password_ask(self, user):
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ; try again.")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write("\n".join(exc.messages))
                continue
            return password
