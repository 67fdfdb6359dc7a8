"""The programme's fixed vocabularies, defined once: speaker roles and article kinds."""

from . import limits

# Who speaks in an interview (docs/data-model.md). "overig" carries a free role label.
ROLES = ("bewoner", "ambtenaar", "energieadviseur", "verslaggever", "overig")

# What an article on the programme's website is about.
ARTICLE_KINDS = ("razende-reporter", "kennisatelier", "workshop", "nieuwsbrief", "project", "overig")

# How many speakers an editor may ask for (``--speakers``): the CLI and the diarizer agree.
MAX_SPEAKERS = 12


def check_speakers(count: int | None, param: str = "speakers") -> int | None:
    """``count`` when it is None or 1 to MAX_SPEAKERS, else a one-line error naming ``param``."""
    return None if count is None else limits.whole_number(count, param, 1, MAX_SPEAKERS)
