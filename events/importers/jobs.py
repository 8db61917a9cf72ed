"""Admin uploads as import jobs: store the files, preview them, import them (both as background tasks).

The admin door calls these; ``events.tasks`` wraps ``job_preview`` and ``job_run`` as tasks.
Both run the same service as the command line (``import_plan``/``import_write``, and
``article_import`` for article files), so the admin refuses and accepts exactly what
``import_events`` does. Uploads land as drafts unless the uploader chose otherwise.
A worker has no request: each task runs in the language the uploader used (kept in the
job's options), so the preview's problems and warnings read in that language.
"""

import shutil
import uuid
from functools import wraps
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.utils import translation

from events.importers import progress
from events.importers.service import ImportOptions, format_detect, import_plan, import_write
from events.models import ImportJob
from events.services.import_files import ImportRefused, Problem, too_large_message
from events.services.importing import article_import, article_sources_from_paths


def _job_dir(job) -> Path:
    return Path(settings.MAPPER_IMPORT_DIR) / f"job-{job.pk}-{job.options['token']}"


def job_create(uploads, options: dict, user) -> ImportJob:
    """Store uploaded files for a new job; refuses (ImportRefused) what the reader would refuse."""
    limit = settings.MAPPER_IMPORT_MAX_BYTES
    problems = [Problem(PurePath(u.name).name, "", too_large_message(u.size, limit)) for u in uploads if u.size > limit]
    if problems:
        raise ImportRefused(problems)
    options = {**options, "token": uuid.uuid4().hex[:12], "language": translation.get_language()}
    job = ImportJob.objects.create(created_by=user, options=options)
    folder = _job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number, upload in enumerate(uploads, start=1):
        name = PurePath(upload.name).name
        if name in ("", ".", "..") or name in names:  # never outside the folder, never one file over another
            name = f"upload-{number}{PurePath(name).suffix if name not in ('.', '..') else ''}"
        with (folder / name).open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        names.append(name)
    job.files = names
    job.save(update_fields=["files", "updated_at"])
    return job


def _split(job):
    folder = _job_dir(job)
    paths = [folder / name for name in job.files]
    chosen = job.options.get("format", "auto")
    articles = [p for p in paths if format_detect(p, chosen) == "article"]
    return articles, [p for p in paths if p not in articles]


def _options(job, **changes) -> ImportOptions:
    keys = ("format", "preset", "columns", "kinds", "status", "partial", "overwrite", "date_format")
    chosen = {key: job.options[key] for key in keys if key in job.options}
    return ImportOptions(**chosen, user=job.created_by, **changes)


def _problem_rows(problems, folder):
    """Problems as [file, where, message] with the file's name, not its storage path."""
    return [
        [PurePath(p.file).name if str(p.file).startswith(str(folder)) else p.file, p.where, p.message] for p in problems
    ]


def _in_uploaders_language(work):
    @wraps(work)
    def run(job_id: int) -> None:
        job = ImportJob.objects.filter(pk=job_id).first()
        language = job.options.get("language") if job else None
        with translation.override(language or settings.LANGUAGE_CODE):
            work(job_id)

    return run


@_in_uploaders_language
def job_preview(job_id: int) -> None:
    """Check every file (a dry run): mapping, kinds, counts, map rows and every problem."""
    job = ImportJob.objects.get(pk=job_id)
    folder = _job_dir(job)
    findings: dict[str, Any] = {"mapping": [], "kinds_created": [], "counts": {}, "rows": [], "articles": []}
    problems, warnings = [], []
    try:
        articles, tables = _split(job)
        if articles:
            report = article_import(article_sources_from_paths(articles), dry_run=True)
            findings["articles"] = [[action, label, key, title] for action, label, key, title in report.rows]
            findings["counts"] = dict(report.counts)
        if tables:
            plan = import_plan(tables, _options(job, dry_run=True, preview=True))
            counts = import_write(plan)
            problems += plan.problems  # with "partial": the rows that will be rejected
            warnings += plan.warnings
            findings["mapping"] = [line.replace(str(folder) + "/", "") for line in plan.mapping_lines()]
            findings["kinds_created"] = plan.kinds_created
            findings["kinds_used"] = plan.kinds_used
            findings["counts"] = {k: findings["counts"].get(k, 0) + v for k, v in counts.items()}
            findings["rows"] = plan.preview
            findings["datasets"] = sorted({file_plan.dataset for file_plan in plan.files})
            job.rows_total = sum(file_plan.rows for file_plan in plan.files)
    except ImportRefused as exc:
        problems += exc.problems
        job.status = ImportJob.Status.REFUSED
    else:
        job.status = ImportJob.Status.PREVIEW
    findings["problems_total"] = len(problems)
    job.findings = findings
    job.problems = _problem_rows(problems, folder)
    job.warnings = [str(w).replace(str(folder) + "/", "") for w in warnings]
    job.save()


def progress_read(job) -> tuple[str, int]:
    """``(phase, rows done)`` of a running job, ``("", 0)`` before the first report."""
    return progress.progress_read(job, _job_dir(job))


@_in_uploaders_language
def job_run(job_id: int) -> None:
    """Import the previewed files; progress is saved as rows are written."""
    job = ImportJob.objects.get(pk=job_id)
    folder = _job_dir(job)
    job.status, job.rows_done, job.phase = ImportJob.Status.RUNNING, 0, ""
    job.save(update_fields=["status", "rows_done", "phase", "updated_at"])
    reporter = progress.JobProgress(job, folder)
    counts, warnings = {}, []
    try:
        articles, tables = _split(job)
        if articles:
            report = article_import(article_sources_from_paths(articles), overwrite=job.options.get("overwrite", False))
            counts = dict(report.counts)
            warnings += report.warnings
        if tables:
            plan = import_plan(tables, _options(job), progress=reporter("checking"))
            result = import_write(plan, progress=reporter("writing"))
            counts = {k: counts.get(k, 0) + v for k, v in result.items()}
            warnings += [str(w) for w in plan.warnings]
    except ImportRefused as exc:
        job.status, job.problems = ImportJob.Status.REFUSED, _problem_rows(exc.problems, folder)
    except Exception as exc:  # a crash is reported on the job page; nothing was written (one transaction)
        job.status, job.error = ImportJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
        job.save()
        raise
    else:
        job.status, job.counts = ImportJob.Status.DONE, counts
        job.warnings = [w.replace(str(folder) + "/", "") for w in warnings]
    finally:
        reporter.close()
    if job.status == ImportJob.Status.DONE:
        shutil.rmtree(folder, ignore_errors=True)
    job.rows_done = job.rows_total if job.status == ImportJob.Status.DONE else job.rows_done
    job.save()
