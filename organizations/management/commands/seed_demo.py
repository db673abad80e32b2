from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from duties import demo as duties_demo
from organizations import demo
from risks import demo as risks_demo


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
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Accounts: {', '.join(a[0] for a in demo.ACCOUNTS)}, district, admin; "
            f"password: {demo.DEMO_PASSWORD}"
        ))
