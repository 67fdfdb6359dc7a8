"""razendereporter: Dutch video interviews to subtitles, named speakers and a quote catalogue."""

__version__ = "0.1.0"
