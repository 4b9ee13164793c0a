"""The "Support organisations" group: facilitators who handle introduction requests in the admin.

The group may open the Wagtail admin and view and change introductions (that is, accept or decline them).
Idempotent: on a database that already has the group, only what is missing is added.
"""

from django.db import migrations

GROUP_NAME = "Support organisations"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("recommendations", "introduction", "view_introduction", "Can view introduction"),
    ("recommendations", "introduction", "change_introduction", "Can change introduction"),
]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_introduction_permissions(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="recommendations", codename__in=["view_introduction", "change_introduction"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_introduction"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_introduction_permissions)]
