from django import forms


class VocabularyMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Check boxes for rows of a shared vocabulary (disciplines, regions), with their labels."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label
