from celery import shared_task

from . import services


@shared_task
def personal_data_purge():
    """Daily: reporters' contacts and addresses past their retention erased, old throttle hits dropped."""
    return services.personal_data_purge()
