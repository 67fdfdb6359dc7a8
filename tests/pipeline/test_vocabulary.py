"""The decoder's vocabulary: an article's names and an editor's --vocabulary reach Whisper, are kept
within the prompt's token budget, are remembered, and a changed one transcribes again."""

import json
from pathlib import Path

import numpy as np
import pytest
import synth
from click.testing import CliRunner

from razendereporter.articles.terms import article_terms, organisations
from razendereporter.catalogue import Catalogue
from razendereporter.cli import main
from razendereporter.errors import InvalidInput
from razendereporter.transcribe import DutchSettings, create_engine
from razendereporter.transcribe.hints import MAX_TERM_CHARS, MAX_TERMS, MAX_TOKENS, decoder_text, fit, read_vocabulary

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "editor" / "zilverkamp.md"
SAID = "Goedemiddag, ik ben Yvette Detiger van de gemeente Lingewaard. Ik woon in de Zilverkamp."


def rr(*args, root):
    return CliRunner().invoke(main, ["--root", str(root), *[str(a) for a in args]], catch_exceptions=False)


def test_an_articles_people_places_and_organisations_are_its_terms(root):
    assert rr("articles", "import", ARTICLE, root=root).exit_code == 0
    catalogue = Catalogue(root)
    article = catalogue.article("razende-reporter-in-de-zilverkamp")
    terms = article_terms(article, catalogue.snapshot.get("wijken", slug="zilverkamp"))
    assert terms[:3] == ["Yvette Detiger", "Marjolijn", "Hans Janssen"], "the unnamed reporter is left out"
    assert {"Zilverkamp", "Huissen", "Lingewaard", "Energieloket Lingewaard", "Coöperatie Duurzaam Zilverkamp"} <= set(terms)
    assert organisations("Rob Hendriks van netbeheerder Alliander en Woonstichting De Kernen") == \
        ["Alliander", "Woonstichting De Kernen"]


def test_a_vocabulary_file_is_read_with_bounds_and_one_line_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("\ufeff# namen\nYvette Detiger\n\n  Zilverkamp  \nzilverkamp\n", encoding="utf-8")
    assert read_vocabulary(good) == ("Yvette Detiger", "Zilverkamp")
    cases = {"long.txt": ("x" * (MAX_TERM_CHARS + 1) + "\n").encode(), "many.txt": "".join(
        f"term{n}\n" for n in range(MAX_TERMS + 1)).encode(), "latin1.txt": "Coöperatie\n".encode("latin-1"),
        "control.txt": "Yvette\x1b[31m\n".encode()}
    messages = {"long.txt": "line 1: a term of 81 characters", "many.txt": f"has {MAX_TERMS + 1} terms",
                "latin1.txt": "is not UTF-8", "control.txt": "control characters"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InvalidInput, match=messages[name]) as err:
            read_vocabulary(tmp_path / name)
        assert err.value.param == "vocabulary" and "\n" not in str(err.value)
    assert read_vocabulary(Path("/dev/null")) == ()


def test_the_terms_are_cut_to_the_token_budget_whole():
    encode = lambda text: text.split()  # noqa: E731 - a token per word, to count easily
    terms = [f"Naam{n} Achternaam{n}" for n in range(200)]
    text = fit(terms, encode)
    assert len(encode(" " + text)) <= MAX_TOKENS and text.endswith(f"Achternaam{MAX_TOKENS // 2 - 1}")
    assert decoder_text(["Zilverkamp"], "hotwords", encode) == ("Zilverkamp", None)
    assert decoder_text(["Zilverkamp"], "prompt", encode) == (None, "Zilverkamp")
    with pytest.raises(InvalidInput, match="vocabulary use must be one of"):
        DutchSettings(vocabulary_use="everywhere")


@pytest.mark.model
def test_the_names_reach_the_decoder(model_cache):
    audio = np.concatenate([np.zeros(8000, np.float32), synth.espeak(SAID), np.zeros(8000, np.float32)])
    plain = DutchSettings()
    engine = create_engine("faster-whisper", None, plain)
    told = DutchSettings(vocabulary=("Yvette Detiger", "Zilverkamp", "Lingewaard"))
    assert "Yvette Detiger" not in engine.transcribe(audio, plain).text
    assert "Yvette Detiger" in engine.transcribe(audio, told).text


@pytest.mark.model
def test_a_changed_vocabulary_transcribes_again_and_an_unchanged_one_does_nothing(root, tmp_path, model_cache):
    video = synth.make_video(np.concatenate([np.zeros(8000, np.float32), synth.espeak(SAID)]), tmp_path / "namen.mp4")
    terms = tmp_path / "terms.txt"
    terms.write_text("Yvette Detiger\n", encoding="utf-8")

    def ingest(*extra):
        result = rr("--json", "ingest", video, "--wijk", "Zilverkamp", *extra, root=root)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    first = ingest()
    assert first["status"] == "ingested" and first["episode"]["vocabulary"] is None
    told = ingest("--vocabulary", terms)
    assert told["status"] == "resumed", "another vocabulary: transcribed again"
    sidecar = json.loads((root / told["episode"]["transcript"]).read_text(encoding="utf-8"))
    assert sidecar["vocabulary"] == {"terms": ["Yvette Detiger"], "use": "hotwords"}
    assert "Yvette Detiger" in " ".join(s["text"] for s in sidecar["segments"])
    assert ingest()["status"] == "unchanged", "without --vocabulary the episode keeps its terms"
    assert ingest("--vocabulary", terms)["status"] == "unchanged"
    terms.write_text("Yvette Detiger\nLingewaard\n", encoding="utf-8")
    assert ingest("--vocabulary", terms)["status"] == "resumed"
    bad = rr("ingest", video, "--wijk", "Zilverkamp", "--vocabulary", tmp_path / "nergens.txt", root=root)
    assert bad.exit_code == 2 and bad.output.count("\n") == 1 and "--vocabulary cannot be read" in bad.output


def test_an_episode_from_before_vocabularies_is_not_transcribed_again_unasked():
    from razendereporter.pipeline import IngestOptions
    from razendereporter.pipeline.claim import same_request
    from razendereporter.transcribe.engine import DutchSettings

    older = {"id": "ep", "wijk": "zilverkamp", "engine_requested": "faster-whisper", "model_requested": "base",
             "article": "razende-reporter-in-de-zilverkamp"}  # no "vocabulary": stored by an older release
    with_terms = IngestOptions(settings=DutchSettings(vocabulary=("Yvette Detiger", "Zilverkamp")))
    assert same_request(older, with_terms.request())
    asked = IngestOptions(settings=with_terms.settings, editor_terms=("Lingewaard",))
    assert not same_request(older, asked.request()), "an editor's own terms do transcribe it again"
    assert not same_request({**older, "vocabulary": None}, with_terms.request())
