"""Background work of the community: emails leave here, never in the request that caused them."""

from django_tasks import task

from communaute.notifications.emails import deliver


@task()
def send_emails(delivery_ids):
    return sum(deliver(pk) for pk in delivery_ids)
