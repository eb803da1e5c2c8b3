"""Parallel submissions: the same write sent by several threads at once, each with its own
database connection, released at the barrier together.

For tests marked django_db(transaction=True): each thread's writes must be committed for the
others to meet them, as two gunicorn workers would.
"""

import threading

from django.db import close_old_connections, connection
from django.test import Client

THREADS = 8


def in_parallel(work, arguments):
    """Run work(argument) for each argument in its own thread, all released at once; returns
    (results, errors) in the arguments' order."""
    start = threading.Barrier(len(arguments))
    results = [None] * len(arguments)
    errors = []

    def run(index, argument):
        try:
            start.wait(timeout=30)
            results[index] = work(argument)
        except Exception as exc:  # collected: a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    return results, errors


def post_in_parallel(person, address, data, times=THREADS):
    """The same form posted `times` times at once by one signed-in person (a double click, a
    flaky connection's resend); returns the status codes."""
    clients = []
    for _ in range(times):
        client = Client()
        client.force_login(person)
        clients.append(client)
    responses, errors = in_parallel(lambda client: client.post(address, data), clients)
    assert errors == [], [repr(error) for error in errors]
    return [response.status_code for response in responses]
