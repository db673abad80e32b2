from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import duties as duties_demo
from demo import organisation as demo
from demo import risks as risks_demo
from demo import security as security_demo


class Command(BaseCommand):
    help = "Seed the Chongyi demo sub-district and one account per role (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to seed demo accounts with DEBUG off: they share a published password. "
                "Set DJANGO_DEBUG=1 on a development machine."
            )
        demo.seed_organisation()
        risks_demo.seed_risks()
        duties_demo.seed_duties()  # runs the duty calendar's daily job for today
        security_demo.seed_security()  # after the duties: its patrols and drills close their tasks
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Accounts: {', '.join(a[0] for a in demo.ACCOUNTS)}, district, admin; "
            f"password: {demo.DEMO_PASSWORD}"
        ))
