"""The admin door for files: upload, preview (rows on a map, the mapping, kinds, every problem),
confirm, progress, result. Any format ``import_events`` takes, article files included.

Thin: ``events.importers.jobs`` stores the upload and runs the same service as the command;
both steps run as background tasks (``events.tasks``), so a large file never holds a request.
Uploads land as drafts by default: publishing stays a separate, deliberate step.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import tasks
from events.base_layer import base_layer
from events.importers import fields, jobs
from events.importers.presets import PRESETS
from events.models import ImportJob
from events.services.import_files import ImportRefused

REQUIRED_PERMISSIONS = [
    "events.add_article",
    "events.change_article",
    "events.add_event",
    "events.change_event",
    "events.add_citation",
]
COUNT_ORDER = ["created", "updated", "unchanged", "skipped", "rejected"]
WAITING = {ImportJob.Status.CHECKING, ImportJob.Status.QUEUED, ImportJob.Status.RUNNING}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


DATE_FORMATS = [
    ("%d/%m/%Y", _("day first: 03/04/2025 is 3 April")),
    ("%m/%d/%Y", _("month first: 03/04/2025 is March 4")),
]


class ImportUploadForm(forms.Form):
    # The form's metaclass moves declared fields into ``base_fields``, so this never hides ``Form.files``
    # (the uploads); the stubs only see a class attribute of that name.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files"),
        help_text=_("CSV or TSV, GeoJSON, KML, or article files (JSON)."),
        widget=MultipleFileInput(attrs={"accept": ".csv,.tsv,.txt,.json,.geojson,.kml"}),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f) for f in ("auto", "csv", "geojson", "kml", "article")]
    )
    preset = forms.ChoiceField(
        label=_("Preset"), required=False, choices=[("", _("automatic guess")), *((p, p) for p in PRESETS)]
    )
    columns = forms.CharField(
        label=_("Columns"), required=False, help_text=_("FIELD=COLUMN,… when the guess is wrong, e.g. title=Was")
    )
    kinds = forms.CharField(label=_("Kinds"), required=False, help_text=_("VALUE=KIND,… e.g. Drohne=drone-sighting"))
    date_format = forms.ChoiceField(
        required=False,
        label=_("Dates like 03/04/2025"),
        choices=[("", _("as the file shows (day first unless a date says otherwise)")), *DATE_FORMATS],
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("draft", _("draft (review before publishing)")), ("published", _("published"))]
    )
    partial = forms.BooleanField(required=False, label=_("Import the good rows and list the bad ones"))
    overwrite = forms.BooleanField(required=False, label=_("Overwrite events edited by staff since their import"))

    def clean(self):
        data = super().clean()
        try:
            data["columns"] = fields.columns_parse(data.get("columns", ""))
            data["kinds"] = fields.pairs_parse(data.get("kinds", ""), "kinds")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


def _context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


def import_upload_view(model_admin, request):
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = {key: value for key, value in form.cleaned_data.items() if key != "files"}
        try:
            job = jobs.job_create(form.cleaned_data["files"], options, request.user)
        except ImportRefused as exc:
            form.add_error("files", [str(problem) for problem in exc.problems])
        else:
            tasks.import_job_preview.enqueue(job.pk)
            return redirect(_job_url(model_admin, job))
    context = _context(model_admin, request, gettext("Import files"), form=form)
    return TemplateResponse(request, "admin/events/import/upload.html", context)


def _job_url(model_admin, job):
    return reverse(f"{model_admin.admin_site.name}:events_import_job", args=[job.pk])


def _job_get(request, job_id):
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or (job.created_by_id != request.user.pk and not request.user.is_superuser):
        raise Http404("No such import.")
    return job


def import_job_view(model_admin, request, job_id):
    job = _job_get(request, job_id)
    if request.method == "POST":
        if job.status != ImportJob.Status.PREVIEW:
            messages.error(request, gettext("This import is not waiting for confirmation."))
        else:
            job.status = ImportJob.Status.QUEUED
            job.save(update_fields=["status", "updated_at"])
            tasks.import_job_run.enqueue(job.pk)
        return redirect(_job_url(model_admin, job))
    phase, done = jobs.progress_read(job) if job.status in WAITING else ("", job.rows_done)
    review_url = reverse(f"{model_admin.admin_site.name}:events_event_changelist") + "?status__exact=draft"
    datasets = job.findings.get("datasets", [])
    if len(datasets) == 1:  # this import's drafts only
        review_url += "&" + urlencode({"source_dataset__exact": datasets[0]})
    context = _context(
        model_admin,
        request,
        gettext("Import %(number)s: %(status)s") % {"number": job.pk, "status": job.get_status_display()},
        job=job,
        waiting=job.status in WAITING,
        phase=phase,
        done=done,
        review_url=review_url,
        preview_map={"rows": job.findings.get("rows", []), "tiles": base_layer()},
        problem_rows=[{"file": f, "where": w, "message": m} for f, w, m in job.problems],
        # In a fixed order: PostgreSQL's jsonb does not keep the order of keys.
        would_be=[(action, job.findings.get("counts", {}).get(action, 0)) for action in COUNT_ORDER],
        result=[(action, job.counts.get(action, 0)) for action in COUNT_ORDER],
        problems_total=max(len(job.problems), job.findings.get("problems_total", 0)),
    )
    return TemplateResponse(request, "admin/events/import/job.html", context)
