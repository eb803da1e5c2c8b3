"""The site's one notification centre: every app tells members what concerns them through here.

Declaring a kind -- in the module of the service that sends it (communaute/services/forum.py,
ressources/services/needs.py, passerelles/pages/notifications.py...), with the facts it needs
as a frozen dataclass::

    @dataclass(frozen=True, kw_only=True)
    class SpaceContext:
        space: str

    SPACE_INVITATION = register_kind(
        "space_invitation",
        context=SpaceContext,
        describe=lambda notification, context: _("… « %(space)s »") % {"space": context.space},
        email_template="communaute/emails/space_invitation",  # optional
        reason=lambda notification, context: _("…"),  # why the email came; with an email
        urgent=True,  # someone waits for an answer: the email leaves at once
    )

Sending: ``notify(recipient, SPACE_INVITATION, url=..., context=SpaceContext(space=...),
actor=...)``, or ``notify_many(recipients, ...)``, inside the service's transaction. A
missing, misspelt or mistyped fact raises there. The app imports its services in
AppConfig.ready(), so that every process knows every kind.

The modules, each importing only those listed before it:

- kinds.py: the registry; reads a stored context back into its dataclass for the sentence.
- centre.py: notify, notify_many, mark_read, mark_all_read, notifications_for, unread_count.
  It sends the `notified` signal and knows nothing of emails.
- emails.py: what an email says (the kind's templates, a footer saying why, a one-click
  unsubscribe link) and one attempt at sending an EmailDelivery row.
- tasks.py: when emails leave. On `notified`, it writes the rows of the emails that leave at
  once (urgent kinds, or members who want every email) and hands them to the background worker
  after the commit; it tries failures again later. Inside ``emails_suppressed()`` (the demo
  data) notifications are written without any email at once.
- digests.py: the daily and weekly digests of what no email told yet (`manage.py send_digests`).
- preferences.py: a member's choice of email frequency: an email per notification, a daily
  digest (the default), a weekly one, or none. Only "none" stops an urgent kind's email.

The centre's pages are in communaute/views/notifications.py, its admin screens in
communaute/admin/notifications.py; an email_template prefix names two templates,
f"{prefix}_subject.txt" and f"{prefix}.txt", which receive the context's fields.
"""
