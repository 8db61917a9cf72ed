"""A worker's own copies of kept answers stay within their byte budget, the least recently served going first."""

from events.local_answers import LocalAnswers


def entry(size: int) -> tuple:
    return ("version", {}, b"x" * size)


def test_the_least_recently_served_go_first_once_over_the_budget(settings):
    settings.MAPPER_ANSWER_LOCAL_BYTES = 300
    answers = LocalAnswers()
    for key in "abc":
        answers.put(key, entry(100))
    answers.get("a")  # served again: now the most recent
    answers.put("d", entry(100))
    assert [key for key in "abcd" if answers.get(key)] == ["a", "c", "d"]


def test_a_new_copy_replaces_the_old_one_and_its_bytes(settings):
    settings.MAPPER_ANSWER_LOCAL_BYTES = 300
    answers = LocalAnswers()
    answers.put("a", entry(200))
    answers.put("a", entry(250))
    answers.put("b", entry(50))
    assert answers.get("a") == entry(250) and answers.get("b") == entry(50)


def test_an_answer_larger_than_the_budget_is_not_kept_and_0_keeps_none(settings):
    settings.MAPPER_ANSWER_LOCAL_BYTES = 100
    answers = LocalAnswers()
    answers.put("a", entry(50))
    answers.put("a", entry(101))
    assert answers.get("a") is None  # and the older copy is gone too
    settings.MAPPER_ANSWER_LOCAL_BYTES = 0
    answers.put("b", entry(1))
    assert answers.get("b") is None
