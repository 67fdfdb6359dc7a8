"""The package's shape: imports only go down the flow, no cycles, small modules and functions.

The layers, from the bottom (a module may import its own layer's package and any lower layer):

    errors                                      the one-line error
    limits                                      bounds on numbers and stored text
    atomic, config, lazy, paths, text, vocabulary  the base
    lockfile                                    file locks that say who holds them
    transcript                                  what was heard (words, speakers), the sidecar
    catalogue                                   catalog.json; quotes are cut from a transcript
    media                                       video → audio
    transcribe, speakers, subtitles, articles,  the stages (none imports another, only media)
    corrections
    search                                      the quote index
    pipeline                                    the steps in order
    site                                        pages and the local server
    cli                                         the command line
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "razendereporter"
LAYERS = [
    {"errors"},
    {"limits"},
    {"atomic", "config", "lazy", "paths", "text", "vocabulary"},
    {"lockfile"},
    {"transcript"},
    {"catalogue"},
    {"media"},
    {"transcribe", "speakers", "subtitles", "articles", "corrections"},
    {"search"},
    {"pipeline"},
    {"site"},
    {"cli"},
    {"__init__", "__main__"},
]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path], source: str | None = None) -> set[str]:
    """Package modules ``name`` imports, at the top or inside functions alike."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    targets = set()
    for node in ast.walk(ast.parse(source if source is not None else path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module or ""
            named = [f"{module}.{alias.name}" for alias in node.names]
            candidates = [c for c in named if c in known] or [module]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate.startswith("razendereporter") and candidate != name:
                targets.add(candidate)
    return targets


def layer_of(module: str) -> tuple[int, str]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank, top
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def upward_imports(name: str, targets: set[str]) -> list[str]:
    rank, top = layer_of(name)
    return [f"{name} imports {target}" for target in sorted(targets)
            if layer_of(target)[0] > rank or (layer_of(target)[0] == rank and layer_of(target)[1] != top)]


def test_imports_only_go_down_and_stages_stay_apart():
    known = modules()
    wrong = [line for name, path in known.items() for line in upward_imports(name, imports_of(name, path, known))]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    known = modules()
    graph = {name: {t for t in imports_of(name, path, known) if not known[t].name == "__init__.py"}
             for name, path in known.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail else nxt)
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


def test_modules_and_functions_are_small():
    too_long = []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}.{node.name}: {length} lines")
    assert not too_long, too_long


def test_the_layer_test_sees_a_violation():
    """The check can fail: a stage importing the pipeline, even inside a function, is caught."""
    known = modules()
    name = "razendereporter.media.audio"
    source = "def f():\n    from ..pipeline import ingest\n    from ..errors import RRError\n"
    targets = imports_of(name, known[name], known, source)
    assert targets == {"razendereporter.pipeline.ingest", "razendereporter.errors"}
    assert upward_imports(name, targets) == [f"{name} imports razendereporter.pipeline.ingest"]
