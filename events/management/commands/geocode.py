"""Look place names up the way events are geocoded, and print the ranked candidates."""

import json

from django.core.management.base import CommandError

from events.management.base import MapperCommand, country_code_argument
from events.services.geocoding import chain_search, pin_refusal


class Command(MapperCommand):
    help = (
        "Print ranked gazetteer candidates for place names. With --batch FILE (lines 'name<TAB>country hint', "
        "'#' lines skipped) and --json, print one JSON object per input line, in order."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="NAME", help="Place names as written, e.g. 'Bârsana'.")
        parser.add_argument("--country", default="", help="Country hint, an ISO code such as RO.")
        parser.add_argument("--batch", metavar="FILE", help="Read 'name<TAB>country hint' lines from FILE.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="One JSON object per name.")
        parser.add_argument("--limit", type=int, default=5, help="Candidates per name (default 5).")
        parser.add_argument(
            "--offline", action="store_true", help="Use the gazetteer only, even when MAPPER_GEOCODERS names more."
        )

    def handle(self, *args, names, country, batch, as_json, limit, offline, verbosity, **options):
        if batch:
            queries = batch_read(batch)
        elif names:
            queries = [(name, country_code_argument(country, "--country")) for name in names]
        else:
            raise CommandError("Give at least one NAME, or --batch FILE.")
        for name, hint in queries:
            outcome = chain_search(name, hint, limit=limit, online=not offline)
            if as_json:
                self.stdout.write(result_json(name, hint, outcome))
            else:
                self.result_print(name, hint, outcome, verbosity)

    def result_print(self, name, hint, outcome, verbosity):
        title = f"{name}" + (f" [{hint}]" if hint else "")
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        if outcome.query.border:
            self.stdout.write(self.style.WARNING("  a border area: never pinned to a point"))
        for failure in outcome.failures:
            self.stdout.write(self.style.WARNING(f"  provider failed: {failure}"))
        if not outcome.candidates:
            self.stdout.write(self.style.WARNING("  no match"))
        for rank, c in enumerate(outcome.candidates, 1):
            line = (
                f"  {rank}. {c.name} ({c.country_code or '??'}, {c.feature_code}) "
                f"{c.latitude:.5f}, {c.longitude:.5f}  population {c.population:,}  "
                f"confidence {c.confidence:.2f} ({c.match}, {c.source})"
            )
            self.stdout.write(self.style.SUCCESS(line) if rank == 1 and accepted(outcome) else line)
        refusal = outcome.candidates and pin_refusal(outcome.candidates[0], outcome.query, outcome.candidates)
        if refusal:
            self.stdout.write(self.style.WARNING(f"  not pinned: {refusal}"))


def accepted(outcome) -> bool:
    """The rule event_geocode pins by: confident, not a border, not abroad, not a bad-geocode default."""
    from django.conf import settings

    top = outcome.candidates[0] if outcome.candidates else None
    return bool(
        top
        and top.confidence >= settings.MAPPER_GEOCODE_MIN_CONFIDENCE
        and not outcome.query.border
        and not pin_refusal(top, outcome.query, outcome.candidates)
    )


def batch_read(path):
    """(name, country hint) per line of a TSV file; '#' lines and blank lines skipped."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
    queries = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, rest = line.partition("\t")
        queries.append((name.strip(), country_code_argument(rest.split("\t")[0], f"{path}: line {number}: country")))
    return queries


def result_json(name, hint, outcome) -> str:
    top = outcome.candidates[0] if outcome.candidates else None
    result = None
    if top is not None and accepted(outcome):
        result = {
            "name": top.name,
            "latitude": top.latitude,
            "longitude": top.longitude,
            "country": top.country_code,
            "confidence": top.confidence,
            "match": top.match,
            "source": top.source,
            "precision": top.precision,
        }
    return json.dumps(
        {
            "query": name,
            "country_hint": hint,
            "result": result,
            "candidates": [c.as_dict() for c in outcome.candidates],
        },
        ensure_ascii=False,
    )
