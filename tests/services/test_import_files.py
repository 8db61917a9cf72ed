"""The shared import reader: special and oversized files refused before reading, encodings in one place."""

import codecs
import os
import threading

import pytest

from events.services.import_files import ImportRefused, file_bytes_read, sources_from_paths, text_decode


def read_within(seconds, call):
    """Run ``call`` in a thread; fail (instead of hanging the suite) if it has not returned in time."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the reader blocked"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_a_fifo_named_json_in_an_import_folder_is_refused_without_hanging(tmp_path):
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    os.mkfifo(tmp_path / "b.json")

    with pytest.raises(ImportRefused) as caught:
        read_within(5, lambda: sources_from_paths([tmp_path], "*.json"))

    assert [str(problem) for problem in caught.value.problems] == [
        f"{tmp_path / 'b.json'}: is a named pipe (FIFO), not a regular file; only plain files are imported"
    ]


def test_a_link_to_dev_zero_is_refused_before_reading(tmp_path):
    (tmp_path / "zero.json").symlink_to("/dev/zero")

    with pytest.raises(ImportRefused, match=r"zero\.json: is a character device, not a regular file"):
        read_within(5, lambda: file_bytes_read(tmp_path / "zero.json"))


def test_a_link_to_a_regular_file_is_read(tmp_path):
    (tmp_path / "real.json").write_text("{}", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")

    assert file_bytes_read(tmp_path / "link.json") == b"{}"


def test_a_file_over_the_configured_size_is_refused_naming_it_and_the_setting(tmp_path, settings):
    settings.MAPPER_IMPORT_MAX_BYTES = 1000
    (tmp_path / "big.json").write_bytes(b" " * 1001)
    (tmp_path / "fits.json").write_bytes(b" " * 1000)

    with pytest.raises(ImportRefused) as caught:
        sources_from_paths([tmp_path / "big.json", tmp_path / "fits.json"], "*.json")

    assert [str(problem) for problem in caught.value.problems] == [
        f"{tmp_path / 'big.json'}: 1 kB is more than the import limit of 1 kB (MAPPER_IMPORT_MAX_BYTES); "
        "split the file or raise the limit"
    ]


def test_a_missing_file_and_an_empty_folder_are_reported_together(tmp_path):
    (tmp_path / "empty").mkdir()

    with pytest.raises(ImportRefused) as caught:
        sources_from_paths([tmp_path / "empty", tmp_path / "nope.json"], "*.json")

    assert [problem.message for problem in caught.value.problems] == [
        "no *.json files in this directory",
        "no such file or directory",
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        "Galați, Київ".encode(),
        codecs.BOM_UTF8 + "Galați, Київ".encode(),
        codecs.BOM_UTF16_LE + "Galați, Київ".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Galați, Київ".encode("utf-16-be"),
        codecs.BOM_UTF32_LE + "Galați, Київ".encode("utf-32-le"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom"],
)
def test_text_is_decoded_by_its_byte_order_mark_and_the_mark_is_dropped(encoded):
    assert text_decode("a.json", encoded) == "Galați, Київ"


def test_text_that_is_not_utf8_is_refused_with_the_byte_that_breaks_it():
    with pytest.raises(ImportRefused, match=r"^a\.json: not UTF-8 text \(invalid continuation byte at byte 12\)"):
        text_decode("a.json", '{"title": "Bârsana"}'.encode("latin-1"))
