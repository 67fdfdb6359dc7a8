"""Corrections on the real-voice interviews, and what an article's vocabulary does to the words, in one run.

    nice python bench/bench_corrections.py [--only kitchen-table] [--write docs/benchmarks.md]

Part 1, corrections. Every interview of tests/interviews.py is written as a small video and
ingested (``pipeline.ingest``, the defaults: the embedded base model) into its own catalogue;
then the truth is imported as the corrected WebVTT, one cue per truth turn with the truth's
times, by ``pipeline.correct.correct_file`` (what ``rr correct`` calls). Measured: word error
of the published VTT against the truth (must be 0), the Dutch cue rules on the published cues,
the distance between each turn's first word's start and last word's end and the truth turn's
start and end, and the CPU seconds of forced alignment per minute of audio aligned.

Part 2, vocabulary. The article is tests/fixtures/articles/editor/zilverkamp.md; its terms
(articles/terms.py: people, wijk, place, gemeente, organisations) go to the decoder as
hotwords, as an initial prompt, or not at all (DutchSettings.vocabulary_use), through the
ingest's own chain (engine, windows, hallucination filter, gap pass). Two recordings per
interview:

* **as recorded**: the real voices never say the article's names. The word error shows what the
  vocabulary does to ordinary speech; any term word in the text that the truth does not have
  is a word the prompt made up ("prompt words not spoken").
* **with names**: four sentences saying the article's people and places, synthesised with
  espeak-ng (a robot voice: Whisper mishears it more than a person), spliced in between the
  real turns, and 3 s of silence and 3 s of music (a chord) before the end. Names right: of
  the terms spoken, how many the text has, spelled as the article spells them (accents and
  case aside); words in silence or music: words whose middle lies in those 6 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402
sys.path.insert(0, str(ROOT / "tests"))

import interviews  # noqa: E402
import synth  # noqa: E402

SECTION = "## Corrections and vocabulary on real-voice interviews (`bench/bench_corrections.py`)"
ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "editor" / "zilverkamp.md"
NAME_SENTENCES = (
    "Ik ben Yvette Detiger, projectondersteuner bij de gemeente Lingewaard.",
    "Hans Janssen werkt bij het Energieloket Lingewaard.",
    "Marjolijn woont al jaren in de Zilverkamp in Huissen.",
    "De Coöperatie Duurzaam Zilverkamp helpt de bewoners.",
)
USES = ("off", "hotwords", "prompt")
SR = interviews.SR


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# --------------------------------------------------------------------------- part 1: corrections

def cue_rule_breaks(transcript) -> int:
    from razendereporter.subtitles import cues_for
    from razendereporter.subtitles.cues import MAX_DURATION, MAX_LINE, MAX_LINES

    cues, breaks = cues_for(transcript), 0
    for cue in cues:
        breaks += not 1 <= len(cue.lines) <= MAX_LINES
        breaks += cue.end - cue.start > MAX_DURATION + 1e-3
        breaks += len(cue.words) > 1 and any(len(line) > MAX_LINE for line in cue.lines)
        breaks += len({w.speaker for w in cue.words}) != 1
    breaks += sum(a.end > b.start + 1e-3 for a, b in zip(cues, cues[1:]))
    return breaks


def write_vtt(path: Path, iv: interviews.Interview) -> Path:
    from razendereporter.subtitles.vtt import timestamp

    path.write_text("WEBVTT\n\n" + "\n".join(f"{timestamp(t.start)} --> {timestamp(t.end)}\n{t.text}\n"
                                              for t in iv.turns), encoding="utf-8")
    return path


def speech_extent(iv: interviews.Interview, turn) -> tuple[float, float]:
    """Where the speech of a truth turn starts and ends, as Silero VAD hears it with tight settings (no
    padding to speak of, pauses of 100 ms kept apart). The truth turn is the clip as cut, 0.1 s around
    what its trim took for speech; the trim keeps room noise and clicks some Common Voice clips have
    after the last word (kitchen-table's turn 5: 0.9 s of it)."""
    from razendereporter.media import VadSettings, speech_regions

    lo = int(round(turn.start * SR))
    tight = VadSettings(threshold=0.5, min_speech_ms=250, min_silence_ms=100, pad_ms=30)
    regions = speech_regions(iv.audio[lo:int(round(turn.end * SR))], tight)
    if not regions:
        return turn.start, turn.end
    return turn.start + regions[0][0] / SR, turn.start + regions[-1][1] / SR


def boundaries(iv: interviews.Interview, words) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """(distance, where) for each turn's first word's start and last word's end, against the truth turn's
    start and end, and against its speech's (speech_extent)."""
    out, speech, k = [], [], 0
    for n, turn in enumerate(iv.turns, 1):
        count = len(turn.text.split())
        mine, k = words[k:k + count], k + count
        first, last = speech_extent(iv, turn)
        where = (f"turn {n} start ({Path(turn.clip).name})", f"turn {n} end ({Path(turn.clip).name})")
        out += [(abs(mine[0].start - turn.start), where[0]), (abs(mine[-1].end - turn.end), where[1])]
        speech += [(abs(mine[0].start - first), where[0]), (abs(mine[-1].end - last), where[1])]
    return out, speech


def correct_one(iv: interviews.Interview, folder: Path) -> dict:
    from razendereporter import pipeline
    from razendereporter import transcript as transcript_io
    from razendereporter.catalogue import Catalogue
    from razendereporter.errors import RRError
    from razendereporter.pipeline import correct
    from razendereporter.subtitles import read_cues

    video = interviews.write_video(iv, folder / f"{iv.name}.mp4")
    root = folder / "catalogue"
    started = cpu()
    pipeline.ingest(Catalogue(root), video, "Proefwijk", title=iv.name)
    ingest_cpu = cpu() - started
    catalogue = Catalogue(root)
    episode = catalogue.episode(iv.name)
    machine = transcript_io.load(root / episode["transcript"])
    try:
        result = correct.correct_file(catalogue, iv.name, write_vtt(folder / "truth.vtt", iv), editor="bench")
    except RRError as exc:  # refused: reported as the measurement it is
        return {"machine_wer": synth.wer(iv.text, machine.text), "refused": str(exc), "machine_words": len(machine.words)}
    published = " ".join(c["text"] for c in read_cues((root / episode["vtt"]).read_text(encoding="utf-8")))
    corrected = transcript_io.load(root / episode["transcript"])
    edges, speech = boundaries(iv, corrected.words)
    return {"machine_wer": synth.wer(iv.text, machine.text), "published_wer": synth.wer(iv.text, published),
            "exact": published.split() == iv.text.split(), "breaks": cue_rule_breaks(corrected),
            "median": statistics.median(d for d, _ in edges), "largest": max(edges), "over": sum(d > 0.5 for d, _ in edges),
            "edges": len(edges), "speech_median": statistics.median(d for d, _ in speech), "speech_largest": max(speech),
            "speech_over": sum(d > 0.5 for d, _ in speech), "align_cpu": result.align_cpu_s, "audio_s": result.audio_s,
            "per_min": result.align_cpu_s / result.audio_s * 60 if result.audio_s else 0.0,
            "ingest_cpu": ingest_cpu, "records": len(result.records)}


# --------------------------------------------------------------------------- part 2: vocabulary

def article_terms() -> list[str]:
    from razendereporter.articles.terms import article_terms as terms_of
    from razendereporter.catalogue import Catalogue
    from razendereporter.pipeline import import_articles
    from razendereporter.transcribe.hints import clean_terms

    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Catalogue(Path(tmp) / "c")
        slug = import_articles(catalogue, [ARTICLE])[0]["slug"]
        article = catalogue.article(slug)
        return list(clean_terms(terms_of(article, catalogue.snapshot.get("wijken", slug=article["wijk"]))))


def chord(seconds: float) -> np.ndarray:
    """Something like music: a held major chord with a slow beat, at speech level."""
    t = np.arange(int(seconds * SR)) / SR
    tone = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6, 440.0)) * (0.6 + 0.4 * np.sin(2 * np.pi * 2 * t))
    return (tone / np.abs(tone).max() * 0.15).astype(np.float32)


def with_names(iv: interviews.Interview) -> tuple[np.ndarray, str, list[tuple[float, float]]]:
    """The interview with a name sentence spliced in after each of turns 1 to 4 (the rest after the last), then
    silence and music before the last 0.5 s; its text, and the (start, end) of the silence and music."""
    after: dict[int, list[str]] = {}
    for k, sentence in enumerate(NAME_SENTENCES):
        after.setdefault(min(k, len(iv.turns) - 1), []).append(sentence)
    pieces, text, cut = [], [], 0
    for i, turn in enumerate(iv.turns):
        end = int(round(turn.end * SR))
        pieces.append(iv.audio[cut:end])
        text.append(turn.text)
        cut = end
        for sentence in after.get(i, []):
            pieces += [np.zeros(int(0.5 * SR), np.float32), synth.espeak(sentence) * 0.5]
            text.append(sentence)
    pieces.append(iv.audio[cut:])
    start = sum(len(p) for p in pieces) / SR
    pieces += [np.zeros(3 * SR, np.float32), chord(3.0), np.zeros(SR // 2, np.float32)]
    return np.concatenate(pieces), " ".join(text), [(start, start + 3.0), (start + 3.0, start + 6.0)]


def transcribe(engine, audio: np.ndarray, settings) -> tuple[list, str]:
    """The ingest's chain on ``audio``: windows, the hallucination filter, the gap pass."""
    from razendereporter.transcribe import clean, fill_gaps, transcribe_pcm

    pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16)
    transcript = clean(transcribe_pcm(engine, pcm, settings))
    transcript, _ = fill_gaps(transcript, pcm, engine, settings)
    return transcript.words, transcript.text


def names_right(terms: list[str], spoken: str, heard: str) -> tuple[int, int]:
    said, got = " ".join(synth.normalise(spoken)), " ".join(synth.normalise(heard))
    right = total = 0
    for term in terms:
        key = " ".join(synth.normalise(term))
        n = f" {said} ".count(f" {key} ")
        right, total = right + min(n, f" {got} ".count(f" {key} ")), total + n
    return right, total


def vocabulary_one(iv: interviews.Interview, engine, terms: list[str], base) -> dict:
    from dataclasses import replace

    term_words = {w for t in terms for w in synth.normalise(t)}
    audio, spoken, quiet = with_names(iv)
    out = {}
    for use in USES:
        settings = base if use == "off" else replace(base, vocabulary=tuple(terms), vocabulary_use=use)
        started = cpu()
        _, plain_text = transcribe(engine, iv.audio, settings)
        words, names_text = transcribe(engine, audio, settings)
        truth = set(synth.normalise(iv.text))
        invented = [w for w in synth.normalise(plain_text) if w in term_words and w not in truth]
        in_quiet = [w.text for w in words if any(a <= (w.start + w.end) / 2 <= b for a, b in quiet)]
        out[use] = {"wer": synth.wer(iv.text, plain_text), "names_wer": synth.wer(spoken, names_text),
                    "names": names_right(terms, spoken, names_text), "invented": invented, "in_quiet": in_quiet,
                    "cpu": cpu() - started, "text": names_text}
    return out


# --------------------------------------------------------------------------- report

def print_lines(name: str, c: dict, v: dict) -> None:
    if "refused" in c:
        print(f"{name}: correction refused (machine word error {c['machine_wer']:.3f}, {c['machine_words']} words): "
              f"{c['refused']}", flush=True)
    else:
        print_correction(name, c)
    for use, r in v.items():
        print(f"{name}: vocabulary {use}: word error {r['wer']:.3f} as recorded, {r['names_wer']:.3f} with names; "
              f"names right {r['names'][0]}/{r['names'][1]}; prompt words not spoken {len(r['invented'])}; "
              f"words in silence or music {len(r['in_quiet'])}", flush=True)


def print_correction(name: str, c: dict) -> None:
    print(f"{name}: corrected VTT word error {c['published_wer']:.3f} (machine {c['machine_wer']:.3f}), "
          f"identical to the truth: {c['exact']}", flush=True)
    print(f"{name}: cue rules broken {c['breaks']}", flush=True)
    print(f"{name}: turn boundaries median {c['median']:.3f} s, largest {c['largest'][0]:.3f} s at "
          f"{c['largest'][1]}, {c['over']} of {c['edges']} over 0.5 s", flush=True)
    print(f"{name}: against the speech (Silero VAD): median {c['speech_median']:.3f} s, largest "
          f"{c['speech_largest'][0]:.3f} s at {c['speech_largest'][1]}, {c['speech_over']} over 0.5 s", flush=True)
    print(f"{name}: alignment {c['align_cpu']:.2f} CPU s for {c['audio_s']:.1f} s of audio: "
          f"{c['per_min']:.1f} CPU s per minute", flush=True)


def report(names, corr, voc, terms, elapsed, load) -> str:
    from importlib.metadata import version

    lines = [SECTION, "",
             f"Command: `nice python bench/bench_corrections.py --write docs/benchmarks.md`, run "
             f"{time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores shared with other work (load average "
             f"{load[0]:.1f} at the start, {load[1]:.1f} at the end), {elapsed:.0f} s in all; faster-whisper "
             f"{version('faster-whisper')}, embedded Whisper base int8, the ingest's defaults.", "",
             "**Corrections.** Each interview ingested, then its truth imported as the corrected WebVTT (one cue "
             "per truth turn, the truth's times) by `pipeline.correct.correct_file`, the call `rr correct` makes. "
             "Word error of the published VTT against the truth; cue rules broken on the published cues (two "
             "lines of 42, 7 s, one speaker, no overlap); turn boundaries: each truth turn's first word's start "
             "and last word's end against the truth turn's (the truth's turns are the clips cut 0.1 s around "
             "their speech, 0.05 s for the -tight ones); alignment: CPU seconds of forced alignment per minute "
             "of audio aligned (every word is aligned again here: the cues carry the editor's times). *Against the "
             "speech*: the same words against where each truth turn's speech starts and ends as Silero VAD hears "
             "it (threshold 0.5, 30 ms padding, 100 ms pauses kept apart), since the clips' cuts keep the room "
             "noise and clicks after some Common Voice speakers' last word.", "",
             "| interview | machine WER | corrected VTT WER | cue rules broken | turn boundary median | largest | "
             "over 0.5 s | against the speech: median | largest | over 0.5 s | alignment CPU s / min |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in names:
        c = corr[name]
        if "refused" in c:
            lines.append(f"| {name} | {c['machine_wer']:.1%} | refused: {c['refused']} | | | | | | | | |")
            continue
        lines.append(f"| {name} | {c['machine_wer']:.1%} | {c['published_wer']:.1%} | {c['breaks']} | "
                     f"{c['median']:.2f} s | {c['largest'][0]:.2f} s ({c['largest'][1]}) | {c['over']}/{c['edges']} | "
                     f"{c['speech_median']:.2f} s | {c['speech_largest'][0]:.2f} s ({c['speech_largest'][1]}) | "
                     f"{c['speech_over']}/{c['edges']} | {c['per_min']:.1f} |")
    every = [c for c in corr.values() if "refused" not in c]
    lines += ["", f"All interviews: median of the medians {statistics.median(c['median'] for c in every):.2f} s, "
              f"largest {max(c['largest'][0] for c in every):.2f} s; against the speech: median of the medians "
              f"{statistics.median(c['speech_median'] for c in every):.2f} s, largest "
              f"{max(c['speech_largest'][0] for c in every):.2f} s; alignment "
              f"{sum(c['align_cpu'] for c in every) / max(sum(c['audio_s'] for c in every), 1e-9) * 60:.1f} CPU s per "
              "minute of audio aligned over all of them.", "",
              f"**Vocabulary.** The terms of the Zilverkamp article ({len(terms)}): {'; '.join(terms)}. "
              "*As recorded*: the interview as it is (nobody says a term). *With names*: four espeak-ng "
              "sentences saying the terms spliced between the turns (" + " ".join(f"“{s}”" for s in NAME_SENTENCES)
              + "), then 3 s of silence and 3 s of a chord. Names right: terms spoken that the text has, "
              "spelled as the article does. Prompt words not spoken: words of the terms in the as-recorded "
              "text that the truth does not have. Words in silence or music: words heard in those 6 s.", "",
              "| interview | vocabulary | WER as recorded | WER with names | names right | prompt words not spoken | "
              "words in silence or music |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for name in names:
        for use, r in voc[name].items():
            lines.append(f"| {name} | {use} | {r['wer']:.1%} | {r['names_wer']:.1%} | {r['names'][0]}/{r['names'][1]} | "
                         f"{len(r['invented'])}{' (' + ', '.join(r['invented'][:4]) + ')' if r['invented'] else ''} | "
                         f"{len(r['in_quiet'])} |")
    lines += ["", "Over all interviews:", "",
              "| vocabulary | WER as recorded | WER with names | names right | prompt words not spoken | "
              "words in silence or music | CPU s (both recordings) |", "|---|---:|---:|---:|---:|---:|---:|"]
    for use in USES:
        rs = [voc[n][use] for n in names]
        right, total = sum(r["names"][0] for r in rs), sum(r["names"][1] for r in rs)
        lines.append(f"| {use} | {statistics.mean(r['wer'] for r in rs):.1%} | "
                     f"{statistics.mean(r['names_wer'] for r in rs):.1%} | {right}/{total} ({right / max(total, 1):.0%}) | "
                     f"{sum(len(r['invented']) for r in rs)} | {sum(len(r['in_quiet']) for r in rs)} | "
                     f"{sum(r['cpu'] for r in rs):.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="one interview (repeatable)")
    parser.add_argument("--write", type=Path, help="write the section into this markdown file")
    args = parser.parse_args()
    from razendereporter.transcribe import DutchSettings, create_engine

    names = args.only or list(interviews.NAMES)
    load0, started = os.getloadavg()[0], time.perf_counter()
    terms = article_terms()
    print(f"vocabulary: {len(terms)} terms: {'; '.join(terms)}", flush=True)
    base = DutchSettings()
    engine = create_engine("faster-whisper", None, base)
    corr, voc = {}, {}
    for name in names:
        iv = interviews.build(name)
        with tempfile.TemporaryDirectory() as tmp:
            corr[name] = correct_one(iv, Path(tmp))
        voc[name] = vocabulary_one(iv, engine, terms, base)
        print_lines(name, corr[name], voc[name])
    section = report(names, corr, voc, terms, time.perf_counter() - started, (load0, os.getloadavg()[0]))
    if args.write:
        write_section(args.write, SECTION, section)
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
