"""A worker's own copies stay within their byte budget, the least recently used going first."""

from events.local_copies import LocalCopies


def copies() -> LocalCopies:
    return LocalCopies("MAPPER_ANSWER_LOCAL_BYTES", len)  # entries are bytes here, each its own length


def test_the_least_recently_used_go_first_once_over_the_budget(settings):
    settings.MAPPER_ANSWER_LOCAL_BYTES = 300
    kept = copies()
    for key in "abc":
        kept.put(key, b"x" * 100)
    kept.get("a")  # used again: now the most recent
    kept.put("d", b"x" * 100)
    assert [key for key in "abcd" if kept.get(key)] == ["a", "c", "d"]


def test_a_new_copy_replaces_the_old_one_and_its_bytes(settings):
    settings.MAPPER_ANSWER_LOCAL_BYTES = 300
    kept = copies()
    kept.put("a", b"x" * 200)
    kept.put("a", b"y" * 250)
    kept.put("b", b"z" * 50)
    assert kept.get("a") == b"y" * 250 and kept.get("b") == b"z" * 50


def test_an_entry_larger_than_the_budget_is_not_kept_and_0_keeps_none(settings):
    settings.MAPPER_ANSWER_LOCAL_BYTES = 100
    kept = copies()
    kept.put("a", b"x" * 50)
    kept.put("a", b"x" * 101)
    assert kept.get("a") is None  # and the older copy is gone too
    settings.MAPPER_ANSWER_LOCAL_BYTES = 0
    kept.put("b", b"x")
    assert kept.get("b") is None
