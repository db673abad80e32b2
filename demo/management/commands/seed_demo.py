from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo import duties as duties_demo
from demo import incidents as incidents_demo
from demo import inspections as inspections_demo
from demo import organisation as demo
from demo import public_reports as public_reports_demo
from demo import risks as risks_demo
from demo import security as security_demo
from demo import term as term_demo


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
        today = timezone.localdate()
        story = inspections_demo.Story(today)  # sweeps and self-checks, played inside the duty history
        duties_demo.seed_duties(today, each_day=story.play_through)  # runs the duty calendar's job for today
        story.play_through(today - timedelta(days=1))  # the rest, when the duty history was replayed before
        security_demo.seed_security(today)  # after the duties: its patrols and drills close their tasks
        term_demo.seed_term_hazards(today)  # a term of everyday hazards, before the supervision sweep weighs them
        incidents_demo.seed_incidents(today)  # its supervision sweep weighs the incidents, sweeps and hazards
        public_reports_demo.seed_public_reports()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Accounts: {', '.join(a[0] for a in demo.ACCOUNTS)}, district, admin; "
            f"password: {demo.DEMO_PASSWORD}"
        ))
