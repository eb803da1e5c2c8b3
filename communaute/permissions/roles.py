"""The portal's roles, as Django groups created by a data migration (0002_roles).

Group names are French because administrators read them in the admin.
"""

MEMBER = "Membre"  # every account
PARTNER = "Partenaire"  # representatives of partner organizations
ANIMATION = "Animation"  # forum moderators
EDITORIAL = "Rédaction"  # approve editorial pages

ALL = [MEMBER, PARTNER, ANIMATION, EDITORIAL]
