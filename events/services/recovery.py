"""Recovering deleted data from its history (django-simple-history).

Reverting a deleted event in the admin re-creates the event row; its citations
were deleted with it (cascade), so they are brought back from their own history.
"""

from events.models import Article, Citation


def event_citations_restore(event) -> int:
    """Re-create the citations of ``event`` whose last recorded change was a deletion; returns how many."""
    last_versions = {}
    for record in Citation.history.filter(event_id=event.pk).order_by("history_date", "history_id"):
        last_versions[record.id] = record
    deleted = [r for r in last_versions.values() if r.history_type == "-"]
    existing = set(Citation.objects.filter(pk__in=[r.id for r in deleted]).values_list("pk", flat=True))
    articles = set(Article.objects.filter(pk__in=[r.article_id for r in deleted]).values_list("pk", flat=True))
    restored = 0
    for record in deleted:
        if record.id not in existing and record.article_id in articles:
            citation = record.instance
            citation._change_reason = "Restored with its event"
            citation.save()
            restored += 1
    return restored
