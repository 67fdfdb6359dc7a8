"""The base text helpers every stage shares."""

from razendereporter.text import clock, fold_name, sentences


def test_clock_as_the_player_and_the_search_results_write_it():
    assert [clock(s) for s in (0, 83.4, 599.9, 3725)] == ["0:00", "1:23", "9:59", "1:02:05"]
    assert [clock(s, pad_minutes=True) for s in (0, 83.2, 3725)] == ["00:00", "01:23", "1:02:05"]


def test_sentences_keep_abbreviations_and_fold_name_ignores_punctuation():
    assert sentences("Hij werkt o.a. voor de woningcorporatie. Zij woont hier.") == [
        "Hij werkt o.a. voor de woningcorporatie.", "Zij woont hier."]
    assert fold_name("  Arjen  Baatje. ") == fold_name("arjen baatje") == "arjen baatje"
