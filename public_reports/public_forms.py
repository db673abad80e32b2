"""Forms of the public pages (举报 and the receipt lookup). They only parse what was typed: the service
decides what is allowed and says why, field by field, and the view puts its messages back on these fields.
Nothing here refuses a value on its own, so an unknown school reads exactly like no school chosen."""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import ReportKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three photos from the phone's camera or gallery; how many and what they are is the service's."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "multiple": True})

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]


def _school_choices(schools):
    """The schools grouped by sub-district (an <optgroup> each), after an empty choice."""
    groups = {}
    for school in schools:
        groups.setdefault(str(school.sub_district), []).append((str(school.pk), school.name))
    return [("", _("请选择学校"))] + list(groups.items())


class ReportForm(forms.Form):
    school = forms.CharField(label=pgettext_lazy("the one school a report is about", "学校"), required=False, widget=forms.Select)
    surroundings = forms.BooleanField(label=_("发生在学校周边（校门外、周边店铺或道路）"), required=False)
    kind = forms.CharField(label=_("举报类别"), required=False,
                           widget=forms.Select(choices=[("", _("请选择"))] + list(ReportKind.choices)))
    description = forms.CharField(label=_("举报内容"), required=False, strip=False, widget=forms.Textarea(attrs={
        "rows": 6, "placeholder": _("请写下发生了什么：时间、地点、涉及的人和事。")}))
    photos = PhotosField(label=_("照片（可不传，最多 3 张）"), required=False)
    anonymous = forms.BooleanField(label=_("匿名举报（不留姓名和联系方式）"), required=False, initial=True)
    contact_name = forms.CharField(label=_("联系人"), required=False, strip=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact = forms.CharField(label=_("联系方式（电话或微信）"), required=False, strip=False,
                              widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    # The challenge: its question and a fresh signed token are rendered by the page on every showing.
    answer = forms.CharField(label=_("验证题"), required=False)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # A field people never see and robots fill in.
    website = forms.CharField(required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].widget.choices = _school_choices(schools)


class LookupForm(forms.Form):
    code = forms.CharField(label=_("回执码"), required=False, widget=forms.TextInput(attrs={
        "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
        "placeholder": "ABCD-EFGH-JKMN"}))
