"""Cluster tags, the Editors and Moderators groups, and the "Moderation" workflow.

Editors create and edit drafts and submit them for moderation; Moderators approve and publish.
The workflow is assigned to the tree root, so it covers the home page tree of every language.
Idempotent: running it on a database that already has the groups only adds what is missing.
"""

from django.db import migrations

CLUSTER_SLUGS = ["battery_hydrogen", "circular_economy", "advanced_manufacturing_robotics", "health_medtech"]

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
NAVIGATION_PERMISSIONS = ["add_navigation", "change_navigation"]
WORKFLOW_NAME = "Moderation"
TASK_NAME = "Moderator approval"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_cluster_tags(apps, schema_editor):
    ClusterTag = apps.get_model("content.ClusterTag")
    for order, slug in enumerate(CLUSTER_SLUGS):
        ClusterTag.objects.update_or_create(slug=slug, defaults={"sort_order": order})


def create_roles_and_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    root = Page.objects.filter(depth=1).order_by("path").first()
    editors, _created = Group.objects.get_or_create(name="Editors")
    moderators, _created = Group.objects.get_or_create(name="Moderators")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    submit_translation = _permission(
        apps, "wagtail_localize", "translation", "submit_translation", "Can submit translations"
    )
    navigation = [
        _permission(apps, "content", "navigation", codename, codename.replace("_", " ").capitalize())
        for codename in NAVIGATION_PERMISSIONS
    ]
    for group, page_codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (moderators, MODERATOR_PAGE_PERMISSIONS)):
        group.permissions.add(access_admin, submit_translation, *navigation)
        if root is None:
            continue
        for codename in page_codenames:
            permission = _permission(apps, "wagtailcore", "page", codename, codename.replace("_", " ").capitalize())
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    # Editors never publish on their own: that is what the moderation workflow is for.
    if root is not None:
        GroupPagePermission.objects.filter(
            group=editors, page=root, permission__codename__in=["publish_page", "bulk_delete_page"]
        ).delete()

    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([moderators])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_page_types_and_navigation"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_cluster_tags, migrations.RunPython.noop),
        migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop),
    ]
