from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from communaute.models import Space
from passerelles.core.forms import SiteForm, VocabularyMultipleChoiceField
from passerelles.core.models import Discipline
from passerelles.core.vocabularies import Province
from ressources.models import Gathering, GatheringTimeZone, Organization


class GatheringForm(SiteForm):
    """The organizers' form. The day and the hours are read in the gathering's own zone, so
    that « 13 h, heure du Centre » stays 13 h whatever the daylight-saving rule of that day."""

    organizer = forms.ChoiceField(
        label=_("Au nom de"), choices=Gathering.Organizer.choices, widget=forms.RadioSelect
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none(), required=False
    )
    space = forms.ModelChoiceField(label=_("Espace"), queryset=Space.objects.none(), required=False)
    title = forms.CharField(label=_("Titre"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Le programme, à qui s'adresse la rencontre. Markdown accepté."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Gathering.Kind.choices)
    attendance = forms.ChoiceField(
        label=_("Participation"), choices=Gathering.Attendance.choices, widget=forms.RadioSelect
    )
    address = forms.CharField(label=_("Adresse"), max_length=250, required=False)
    province = forms.ChoiceField(
        label=_("Province ou territoire"),
        choices=[("", "—"), *Province.choices],
        required=False,
    )
    online_url = forms.URLField(
        label=_("Lien de la rencontre en ligne"),
        required=False,
        assume_scheme="https",
        help_text=_("Montré seulement aux personnes inscrites."),
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Heure de début"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(
        label=_("Fuseau horaire"),
        choices=GatheringTimeZone.choices,
        initial=GatheringTimeZone.EASTERN,
    )
    disciplines = VocabularyMultipleChoiceField(
        label=_("Disciplines"), queryset=Discipline.objects.all(), required=False
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Laissez vide : sans limite."),
    )
    registration_closes_on = forms.DateField(
        label=_("Inscriptions jusqu'au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Inclus. Laissez vide : jusqu'au début de la rencontre."),
    )
    minutes_url = forms.URLField(
        label=_("Compte rendu"),
        required=False,
        assume_scheme="https",
        help_text=_("L'adresse d'une publication ou d'un sujet du forum, après la rencontre."),
    )

    def __init__(self, *args, organizations, spaces, organizers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["space"].queryset = spaces
        self.fields["organizer"].choices = [
            (value, label) for value, label in Gathering.Organizer.choices if value in organizers
        ]
        if len(organizers) == 1:
            self.fields["organizer"].initial = organizers[0]

    def clean(self):
        data = super().clean()
        organizer = data.get("organizer")
        if organizer == Gathering.Organizer.ORGANIZATION and not data.get("organization"):
            self.add_error("organization", _("Choisissez l'organisation qui reçoit."))
        if organizer == Gathering.Organizer.SPACE and not data.get("space"):
            self.add_error("space", _("Choisissez l'espace qui reçoit."))
        attendance = data.get("attendance")
        if attendance in (Gathering.Attendance.IN_PERSON, Gathering.Attendance.BOTH):
            if not data.get("address"):
                self.add_error("address", _("Indiquez où a lieu la rencontre."))
            if not data.get("province"):
                self.add_error("province", _("Indiquez la province ou le territoire."))
        online = attendance in (Gathering.Attendance.ONLINE, Gathering.Attendance.BOTH)
        if online and not data.get("online_url"):
            self.add_error("online_url", _("Donnez le lien de la rencontre en ligne."))
        if all(data.get(name) for name in ("day", "start_time", "end_time", "time_zone")):
            zone = ZoneInfo(data["time_zone"])
            data["starts_at"] = datetime.combine(data["day"], data["start_time"], tzinfo=zone)
            data["ends_at"] = datetime.combine(data["day"], data["end_time"], tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("La fin vient après le début."))
            closes_on = data.get("registration_closes_on")
            data["registration_closes_at"] = (
                datetime.combine(closes_on + timedelta(days=1), time.min, tzinfo=zone)
                if closes_on
                else None
            )
        return data

    @classmethod
    def initial_of(cls, gathering: Gathering) -> dict:
        zone = ZoneInfo(gathering.time_zone)
        start = gathering.starts_at.astimezone(zone)
        closes = gathering.registration_closes_at
        return {
            "organizer": gathering.organizer,
            "organization": gathering.organization_id,
            "space": gathering.space_id,
            **{
                name: getattr(gathering, name)
                for name in (
                    "title",
                    "description",
                    "kind",
                    "attendance",
                    "address",
                    "province",
                    "online_url",
                    "time_zone",
                    "capacity",
                    "minutes_url",
                )
            },
            "day": start.date(),
            "start_time": start.time(),
            "end_time": gathering.ends_at.astimezone(zone).time(),
            "disciplines": list(gathering.disciplines.all()),
            "registration_closes_on": (
                (closes.astimezone(zone) - timedelta(days=1)).date() if closes else None
            ),
        }


class RegistrationForm(SiteForm):
    share_contact = forms.BooleanField(
        label=_(
            "Les organisateurs peuvent recevoir mon nom, mon courriel et mon organisation "
            "(liste des présences)"
        ),
        required=False,
        help_text=_("Sinon, vous êtes comptée ou compté sans que vos coordonnées paraissent."),
    )


class RegisteredMessageForm(SiteForm):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
