""" "New article from text": paste or upload an article, review the proposed events, create drafts.

Step one takes the text (or a .txt/.html file) and runs the geoparser; step two shows
the proposals beside the text, each sentence highlighted and each place on a map,
with accept/reject, kind, title, place (switch to a runner-up), precision and date per
proposal. Confirming creates the accepted proposals as *drafts* through the same
``article_import`` as the command. The proposals travel between the two steps in a
signed hidden field, like the file import's preview: nothing is stored in between.
"""

import json
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.admin.import_view import REQUIRED_PERMISSIONS
from events.base_layer import base_layer
from events.geoparse.merge import merged_citations_write
from events.geoparse.propose import article_proposals
from events.geoparse.review import (
    MERGE_PREFIX,
    article_slug_free,
    review_payload,
    reviewed_article_file,
    reviewed_merges,
)
from events.geoparse.text import HTML_SUFFIXES, html_text, title_from_text
from events.models import Article, EventKind, Precision
from events.services import importing
from events.services.country_codes import CountryCodeError, country_code_clean

PAYLOAD_SALT = "events.admin.article-from-text"
PAYLOAD_MAX_AGE_S = 3600  # a review left open for an hour starts again
MAX_TEXT_CHARACTERS = 200_000
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


class ArticleTextForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Left empty: the first line or sentence.")
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}), required=False, max_length=MAX_TEXT_CHARACTERS
    )
    file = forms.FileField(required=False, label=_("…or a file (.txt, .html)"))
    published_on = forms.DateField(
        label=_("Published on"), required=False, help_text=_("YYYY-MM-DD; dates such as “on Sunday” count from it.")
    )
    country_hint = forms.CharField(
        max_length=10,
        label=_("Country hint"),
        required=False,
        help_text=_("ISO code of the article’s main country, e.g. RO."),
    )

    def clean_country_hint(self):
        try:
            return country_code_clean(self.cleaned_data["country_hint"])
        except CountryCodeError:
            raise forms.ValidationError(_("Use a two-letter ISO code such as RO.")) from None

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            name = PurePath(upload.name).name
            try:
                raw = upload.read(MAX_TEXT_CHARACTERS * 4).decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("%(name)s is not UTF-8 text.") % {"name": name}) from exc
            title, text = html_text(raw) if name.lower().endswith(HTML_SUFFIXES) else ("", raw)
            data["text"], data["title"] = text, data.get("title") or title
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the article’s text or choose a file."))
        data["title"] = data.get("title") or title_from_text(data["text"])
        return data


class ProposalForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.RadioSelect, initial="accept"
    )
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=300)
    option = forms.TypedChoiceField(coerce=int, label=_("Place"))
    precision = forms.ChoiceField(label=_("Precision"), choices=Precision.choices)
    date = forms.RegexField(
        label=_("Date"), regex=DATE_PATTERN, required=False, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )

    def __init__(self, *args, options=(), kinds=(), matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        if matches:
            merge = [
                (f"{MERGE_PREFIX}{match['id']}", gettext("Merge into %(event)s") % {"event": match["label"]})
                for match in matches
            ]
            self.fields["decision"].choices = [("accept", gettext("Accept as new")), *merge, ("reject", _("Reject"))]
        self.fields["kind"].choices = kinds
        self.fields["option"].choices = [(index, option["label"]) for index, option in enumerate(options)]
        self.options = options


def _kinds():
    return [(kind.slug, kind.name) for kind in EventKind.objects.order_by("order", "name")]


def _proposal_forms(payload, data=None):
    kinds = _kinds()
    forms_list = []
    for index, event in enumerate(payload["events"]):
        initial = {
            "decision": "accept",
            "kind": event["kind"],
            "title": event["title"],
            "option": 0,
            "precision": event["precision"],
            "date": event.get("date", ""),
        }
        form = ProposalForm(
            data, prefix=f"p{index}", initial=initial, options=event["options"], kinds=kinds, matches=event["matches"]
        )
        form.event = event
        form.number = index + 1
        forms_list.append(form)
    return forms_list


def highlighted_text(text: str, events: list[dict]):
    """The article text with each proposal's sentences in a <mark>, everything escaped."""
    owners: dict[tuple[int, int], list[int]] = {}
    for number, event in enumerate(events, 1):
        for start, end in event["sentences"]:
            owners.setdefault((start, end), []).append(number)
    pieces, position = [], 0
    for (start, end), numbers in sorted(owners.items()):
        if start < position:
            continue
        pieces.append(format_html("{}", text[position:start]))
        label = " ".join(map(str, numbers))
        pieces.append(
            format_html(
                '<mark data-proposals="{}" title="{}">{}</mark>',
                label,
                gettext("Proposal %(numbers)s") % {"numbers": label},
                text[start:end],
            )
        )
        position = end
    pieces.append(format_html("{}", text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _review_context(payload, forms_list):
    return {
        "payload": signing.dumps(payload, salt=PAYLOAD_SALT, compress=True),
        "article_data": payload["article"],
        "proposal_forms": forms_list,
        "highlighted": highlighted_text(payload["article"]["text"], payload["events"]),
        "map_config": {"tiles": base_layer()},
        "option_points": [
            [[o.get("latitude"), o.get("longitude"), o.get("precision", ""), o["place_name"]] for o in event["options"]]
            for event in payload["events"]
        ],
    }


def _confirm(model_admin, request, context):
    try:
        payload = signing.loads(request.POST["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE_S)
    except signing.BadSignature:
        messages.error(request, gettext("The proposals have expired or were altered; start again."))
        return redirect(request.path)
    forms_list = _proposal_forms(payload, request.POST)
    if not all(form.is_valid() for form in forms_list):
        context.update(_review_context(payload, forms_list))
        return TemplateResponse(request, "admin/events/article/from_text.html", context)
    accept_all = "_accept_all" in request.POST
    decisions = [
        {**form.cleaned_data, "accept": accept_all or form.cleaned_data["decision"] == "accept"} for form in forms_list
    ]
    data = reviewed_article_file(payload, decisions)
    try:
        report = importing.article_import([("article from text", json.dumps(data, ensure_ascii=False))])
    except importing.ArticleImportError as exc:
        context.update(_review_context(payload, forms_list), problems=[_problem_row(p) for p in exc.problems])
        return TemplateResponse(request, "admin/events/article/from_text.html", context)
    created = sum(1 for action, label, *_ in report.rows if label == "events.Event" and action == "created")
    article = Article.objects.get(slug=data["article"]["slug"])
    merged = 0 if accept_all else merged_citations_write(article, reviewed_merges(payload, decisions))
    message = ngettext(
        "Created %(count)d draft event; review and publish it from the events list.",
        "Created %(count)d draft events; review and publish them from the events list.",
        created,
    ) % {"count": created}
    if merged:
        message += " " + ngettext(
            "This article is now also a source of %(count)d existing event.",
            "This article is now also a source of %(count)d existing events.",
            merged,
        ) % {"count": merged}
    messages.success(request, message)
    return redirect(reverse(f"{model_admin.admin_site.name}:events_article_change", args=[article.pk]))


def article_from_text_view(model_admin, request):
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("New article from text"),
    }
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(model_admin, request, context)
    form = ArticleTextForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposals = article_proposals(
            data["text"], title=data["title"], published_on=data["published_on"], country_hint=data["country_hint"]
        )
        proposals.slug = article_slug_free(proposals.slug)
        payload = review_payload(proposals)
        context.update(_review_context(payload, _proposal_forms(payload)))
        return TemplateResponse(request, "admin/events/article/from_text.html", context)
    context["form"] = form
    return TemplateResponse(request, "admin/events/article/from_text.html", context)


def _problem_row(problem) -> dict:
    """A refused record for the page: ``events[1].latitude`` → record ``events[1]``, field ``latitude``."""
    record, _, field = problem.where.partition(".")
    return {"record": record, "field": field, "message": problem.message}
