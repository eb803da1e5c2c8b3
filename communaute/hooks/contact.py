"""Other reasons a member may be written to privately: apps register rules of their own.

communaute lets a member write to those they could already know (communaute/permissions/
contact.py). ressources adds that a member who publicly looks for partners for a funding call
(« Je cherche des partenaires ») asked to be written to, without communaute knowing what a
call is. Blocks, closed accounts and suspensions still refuse, whatever the rule.
"""

from collections.abc import Callable

from communaute.models import Member

_rules: list[Callable[[Member, Member], bool]] = []


def register_reachable(rule: Callable[[Member, Member], bool]) -> None:
    """rule(sender, recipient): whether the recipient invited this sender's message."""
    if rule not in _rules:
        _rules.append(rule)


def reachable_by_rule(sender: Member, recipient: Member) -> bool:
    return any(rule(sender, recipient) for rule in _rules)
