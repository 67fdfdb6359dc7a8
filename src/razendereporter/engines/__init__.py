"""Speech-to-text engines behind one interface (see :mod:`.base`)."""

from .base import DutchSettings, Engine, create_engine, ENGINES

__all__ = ["DutchSettings", "Engine", "create_engine", "ENGINES"]
