"""On the GeoWebNews corpus (read in place, GPL: measurement only), when it is there."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from events.geoparse.pipeline import toponyms_resolve

GWN = Path(settings.MAPPER_SHARED_DIR) / "eval" / "gwn.jsonl"


@pytest.mark.skipif(not GWN.is_file(), reason="shared/eval/gwn.jsonl not available")
def test_every_gold_span_gets_one_answer_in_order(gazetteer):
    records = [json.loads(line) for line in GWN.read_text(encoding="utf-8").splitlines()[:5]]
    for record in records:
        answers = toponyms_resolve(record["text"], record["toponyms"])
        assert [(a["start"], a["end"]) for a in answers] == [(t["start"], t["end"]) for t in record["toponyms"]]
