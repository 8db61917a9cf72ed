"""Article files in, events out. Placeholder until the importer lands; see docs/CONTRACTS.md."""

from dataclasses import dataclass, field


class ArticleImportError(Exception):
    """The files were refused; ``problems`` name the file, record and field of each."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the article files.")
        self.problems = problems


@dataclass
class ImportReport:
    counts: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0})
    rows: list = field(default_factory=list)


def article_sources_from_paths(paths):
    return []


def article_import(sources, *, dry_run=False, overwrite=False, progress=False) -> ImportReport:
    raise ArticleImportError(["The article importer is not installed yet."])
