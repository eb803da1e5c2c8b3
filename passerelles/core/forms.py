from django import forms


class VocabularyMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Check boxes for rows of a shared vocabulary (disciplines, regions), with their labels."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


class RadioChoicesForm(forms.BaseForm):
    """Radio buttons never offer Django's "---------" as a choice: a person picks a real answer,
    and an optional question simply stays unanswered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                field.choices = [(value, label) for value, label in field.choices if value != ""]
