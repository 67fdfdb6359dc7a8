"""The README's command reference is the CLI's own --help: regenerate it with `cog -r README.md`."""

from pathlib import Path

from cogapp import Cog

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_command_reference_matches_the_cli():
    cog = Cog()
    cog.options.verbosity = 0
    text = README.read_text(encoding="utf-8")
    regenerated = cog.process_string(text, fname=str(README))
    assert regenerated == text, "README.md's command reference drifted from --help: run `cog -r README.md`"


def test_every_command_is_in_the_reference():
    from razendereporter.cli import main

    text = README.read_text(encoding="utf-8")
    for name in main.commands:
        assert f"<code>rr {name}</code>" in text
