"""Importing article files from the admin: upload, preview (a dry run), then confirm.

The uploaded text travels from the preview to the confirmation inside a signed
hidden field, so what is confirmed is exactly what was previewed, nothing is
stored on the server in between, and the whole import runs through the same
``article_import`` (validation first, one atomic write) as the command.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from events.services import import_files, importing

MAX_UPLOAD_BYTES = 2_000_000  # below DATA_UPLOAD_MAX_MEMORY_SIZE, which caps the hidden field on confirm
PAYLOAD_MAX_AGE_S = 3600
PAYLOAD_SALT = "events.admin.article-import"
REQUIRED_PERMISSIONS = [
    "events.add_article",
    "events.change_article",
    "events.add_event",
    "events.change_event",
    "events.add_citation",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class ArticleUploadForm(forms.Form):
    files = MultipleFileField(label="Article files (.json)", widget=MultipleFileInput(attrs={"accept": ".json"}))
    overwrite = forms.BooleanField(required=False, label="Overwrite events edited by staff since their last import")

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if sum(upload.size for upload in uploads) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The files add up to more than {MAX_UPLOAD_BYTES // 1_000_000} MB; "
                "import them in smaller batches or with the import_articles command."
            )
        sources, problems = [], []
        for upload in uploads:
            try:
                sources.append(import_files.upload_source(upload))
            except import_files.ImportRefused as exc:
                problems += exc.problems
        if problems:
            raise forms.ValidationError([f"{problem}." for problem in problems])
        return sources


@dataclass
class ProblemRow:
    file: str
    record: str
    field: str
    message: str


def problem_row(problem) -> ProblemRow:
    """One refused record as a table row: ``events[1].latitude`` → record ``events[1]``, field ``latitude``."""
    record, _, field = problem.where.partition(".")
    return ProblemRow(problem.file, record, field, problem.message)


def article_import_view(model_admin, request):
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import article files",
        "max_mb": MAX_UPLOAD_BYTES // 1_000_000,
    }
    form = ArticleUploadForm()
    if request.method == "POST" and "payload" in request.POST:
        try:
            sources, overwrite = signing.loads(request.POST["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE_S)
        except signing.BadSignature:
            messages.error(request, "The preview has expired or was altered; upload the files again.")
            return redirect(request.path)
        try:
            report = importing.article_import([tuple(s) for s in sources], dry_run=False, overwrite=overwrite)
        except importing.ImportRefused as exc:
            context["problems"] = [problem_row(p) for p in exc.problems]
        else:
            counts = ", ".join(f"{n} {action}" for action, n in report.counts.items())
            messages.success(request, f"Imported {len(sources)} file(s): {counts}.")
            return redirect(reverse(f"{model_admin.admin_site.name}:events_article_changelist"))
    elif request.method == "POST":
        form = ArticleUploadForm(request.POST, request.FILES)
        if form.is_valid():
            sources, overwrite = form.cleaned_data["files"], form.cleaned_data["overwrite"]
            try:
                report = importing.article_import(sources, dry_run=True, overwrite=overwrite)
            except importing.ImportRefused as exc:
                context["problems"] = [problem_row(p) for p in exc.problems]
            else:
                context["report"] = report
                context["file_names"] = [name for name, _ in sources]
                context["payload"] = signing.dumps([sources, overwrite], salt=PAYLOAD_SALT, compress=True)
    context["form"] = form
    return TemplateResponse(request, "admin/events/article/import.html", context)
