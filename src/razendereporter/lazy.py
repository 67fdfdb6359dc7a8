"""Package exports imported on first use (PEP 562), so a command that needs only part of a
package (an unchanged re-ingest, `rr episodes`) does not pay for importing the rest."""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, Callable


def exports(package: str, public: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``public`` maps a name to the module that
    defines it, relative to the package (``"engine"``, ``"..catalogue"``), or
    ``"module:attribute"`` when the attribute is named otherwise there."""

    def __getattr__(name: str) -> Any:
        if name not in public:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = public[name].partition(":")
        value = getattr(import_module(module if module.startswith(".") else f".{module}", package), attribute or name)
        # Importing submodule ``ingest`` sets the package's attribute ``ingest`` to the module;
        # the export of the same name (the function) must win, as an eager import would make it.
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
