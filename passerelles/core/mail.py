"""The development server's email backend: each email printed as a person reads it.

Django's console backend prints the MIME source, where a French subject or body is
quoted-printable or base64 ("=?utf-8?q?V=C3=A9rifiez...") and a link is cut across lines: the
verification link of a new account is hard to find in it. This one prints the decoded
headers that matter, the text body as written, and names the alternatives and attachments.
"""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

RULE = "=" * 79


class ReadableConsoleBackend(ConsoleBackend):
    def write_message(self, message):
        lines = [
            RULE,
            f"From:    {message.from_email}",
            f"To:      {', '.join(message.to)}",
        ]
        if message.cc:
            lines.append(f"Cc:      {', '.join(message.cc)}")
        if message.reply_to:
            lines.append(f"Reply-To: {', '.join(message.reply_to)}")
        lines += [f"Subject: {message.subject}", "-" * 79, message.body.rstrip()]
        for _content, mimetype in getattr(message, "alternatives", []):
            lines.append(f"[also as {mimetype}]")
        for attachment in message.attachments:
            name = attachment[0] if isinstance(attachment, tuple) else attachment.get_filename()
            lines.append(f"[attachment: {name}]")
        lines.append(RULE)
        self.stream.write("\n".join(lines) + "\n")
