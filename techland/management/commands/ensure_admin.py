import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a local administrator account if no superuser exists yet. "
        "The random password is printed once and never stored anywhere else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.com")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator account exists already; nothing to do.")
            return
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS("Created a local administrator account for /admin/:"))
        self.stdout.write(f"    username: {username}")
        self.stdout.write(f"    password: {password}")
        self.stdout.write("Note the password now: it is not shown again. Change it with `manage.py changepassword`.")
