"""The "Editors" group: staff who add and change events, citations and articles.

Editors publish through the admin actions (which need ``change_event``); only
superusers delete anything or manage event kinds and the gazetteer.
"""

from django.db import migrations

GROUP_NAME = "Editors"
EDITOR_PERMISSIONS = [
    *(f"{action}_{model}" for model in ("event", "citation", "article") for action in ("add", "change", "view")),
    "view_eventkind",
    "view_place",
]


def editors_group_create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations (post_migrate);
    # create them now so the group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = Permission.objects.filter(content_type__app_label="events", codename__in=EDITOR_PERMISSIONS)
    missing = set(EDITOR_PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions missing for the Editors group: {sorted(missing)}")
    group.permissions.add(*permissions)


def editors_group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0002_admin_history"),
    ]

    operations = [migrations.RunPython(editors_group_create, editors_group_delete)]
