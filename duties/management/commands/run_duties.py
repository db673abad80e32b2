from datetime import date

from django.core.management.base import BaseCommand, CommandError

from duties import services


class Command(BaseCommand):
    help = ("Run the duty calendar's daily job for a date by hand (catching up from the last successful "
            "run), and send the reminders it creates in this process.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--no-catch-up", action="store_true", help="process only --date, not the missed days")
        parser.add_argument("--enqueue", action="store_true", help="send through Celery workers instead")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD: {exc}") from exc
        result = services.run_daily(today=day, trigger="command", catch_up=not options["no_catch_up"])
        ids = result.to_send
        if options["enqueue"]:
            from duties.tasks import send_reminder

            for reminder_id in ids:
                send_reminder.delay(reminder_id)
            sent = 0
        else:
            sent = sum(services.reminder_send(reminder_id=pk) == "sent" for pk in ids)
        self.stdout.write(self.style.SUCCESS(
            f"Daily job done for {result.days[0]} to {result.days[-1]} ({len(result.days)} day(s)): "
            f"{result.tasks_created} tasks and {result.reminders_created} reminders created; "
            f"{len(ids)} reminders {'queued' if options['enqueue'] else 'processed'}, {sent} sent."))
