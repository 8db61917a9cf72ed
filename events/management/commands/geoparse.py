"""Find and resolve the places in texts, or propose an article's events (docs/geoparse.md).

Three uses, one per input:

- ``geoparse --resolve FILE.jsonl --json``: resolve given spans (``{"id", "text", "toponyms"}`` lines);
- ``geoparse FILE.jsonl --json``: recognise and resolve (``{"id", "text"}`` lines);
- ``geoparse --article FILE``: propose an article's draft events, as an article file with ``--json``.
"""

import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from events.geoparse.pipeline import article_propose_file, text_geoparse, toponyms_resolve
from events.management.base import country_code_argument
from events.services.country_codes import country_code_or_blank


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--published-on {text!r}: use YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Geoparse texts: FILE.jsonl finds and resolves place mentions; --resolve FILE.jsonl resolves given "
        "spans; --article FILE proposes an article's draft events (an article file with --json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help='JSON lines {"id", "text"}: find and resolve the places.')
        parser.add_argument("--resolve", metavar="FILE.jsonl", help='JSON lines {"id", "text", "toponyms"}.')
        parser.add_argument("--article", metavar="FILE", help="An article as .txt, .html or .htm.")
        parser.add_argument("--published-on", type=_date, help="The article's date (YYYY-MM-DD), for dates in it.")
        parser.add_argument("--country-hint", default="", help="ISO code of the article's main country, e.g. RO.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Write JSON (lines, or an article file)."
        )

    def handle(self, *args, file, resolve, article, published_on, country_hint, as_json, **options):
        chosen = [name for name in (file, resolve, article) if name]
        if len(chosen) != 1:
            raise CommandError("Give exactly one of FILE.jsonl, --resolve FILE.jsonl or --article FILE.")
        hint = country_code_argument(country_hint, "--country-hint")
        if article:
            self._article(article, published_on, hint, as_json=as_json)
        else:
            self._lines(resolve or file, hint, given_spans=bool(resolve), as_json=as_json)

    def _records(self, path):
        try:
            handle = sys.stdin if path == "-" else open(path, encoding="utf-8-sig")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read: {exc.strerror}") from exc
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    raise CommandError(f"{path}: line {number}: invalid JSON: {exc}") from exc
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise CommandError(f'{path}: line {number}: expected an object with a "text" string')
                yield number, record

    def _lines(self, path, hint, *, given_spans, as_json):
        for number, record in self._records(path):
            hint_here = country_code_or_blank(record.get("country_hint")) or hint
            if given_spans:
                spans = record.get("toponyms") or []
                if not isinstance(spans, list) or not all(isinstance(span, dict) for span in spans):
                    raise CommandError(f'{path}: line {number}: "toponyms" must be a list of objects')
                toponyms = toponyms_resolve(record["text"], spans, hint_here)
            else:
                toponyms = text_geoparse(record["text"], hint_here)
            if as_json:
                self.stdout.write(json.dumps({"id": record.get("id"), "toponyms": toponyms}, ensure_ascii=False))
            else:
                self.stdout.write(self.style.MIGRATE_HEADING(f"{record.get('id')}:"))
                for toponym in toponyms:
                    result = toponym["result"]
                    where = (
                        f"{result['name']} ({result['country'] or '–'}, {result['feature']}) "
                        f"{result['latitude']:.4f}, {result['longitude']:.4f}  confidence {result['confidence']:.2f}"
                        if result
                        else "not found"
                    )
                    self.stdout.write(f"  {toponym['phrase']!r} [{toponym['start']}:{toponym['end']}] -> {where}")

    def _article(self, path, published_on, hint, *, as_json):
        try:
            data = article_propose_file(path, published_on=published_on, country_hint=hint)
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        article = data["article"]
        self.stdout.write(self.style.MIGRATE_HEADING(f"{article['title']} ({len(data['events'])} proposed events)"))
        for event in data["events"]:
            where = (
                f"{event['latitude']:.4f}, {event['longitude']:.4f}"
                if "latitude" in event
                else json.dumps(event.get("area"))
                if "area" in event
                else "needs a place"
            )
            self.stdout.write(f"- [{event['kind']}] {event['title']}  ({event['precision']}; {where})")
            self.stdout.write(f"    “{event['quote']}”")
