"""Which corrected word is which stored word: a word-level diff that finds the fewest edits.

:class:`difflib.SequenceMatcher` finds the long runs of unchanged words quickly, even in an
hour's transcript; but between them it takes the longest match first, so in "De straat van je
pratar is" against the editor's "De huis van tuin pratar straat" it pairs the two "straat"s
and loses "van" and "pratar", which are then aligned again for nothing. So its runs of at least
:data:`ANCHOR` words are kept as anchors, and the words between two anchors (a few, as a rule)
are paired by an exact alignment with the fewest insertions and deletions (the longest common
subsequence), which keeps every word that can be kept. A stretch between anchors too long for that is left to
SequenceMatcher.
"""

from __future__ import annotations

from difflib import SequenceMatcher

ANCHOR = 3  # unchanged runs this long are taken as they are
MAX_CELLS = 250_000  # the edit distance is computed in full up to this many word pairs


def match(a: list[str], b: list[str]) -> dict[int, int]:
    """Index in ``b`` -> index in ``a`` of every word the two share, in order."""
    blocks = [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size >= ANCHOR]
    pairs: dict[int, int] = {}
    i0 = j0 = 0
    for block in blocks + [None]:
        i1, j1 = (block.a, block.b) if block else (len(a), len(b))
        pairs.update(_between(a[i0:i1], b[j0:j1], i0, j0))
        if block:
            pairs.update((block.b + k, block.a + k) for k in range(block.size))
            i0, j0 = block.a + block.size, block.b + block.size
    return pairs


def _between(a: list[str], b: list[str], da: int, db: int) -> dict[int, int]:
    if not a or not b:
        return {}
    if len(a) * len(b) > MAX_CELLS:
        blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        return {db + m.b + k: da + m.a + k for m in blocks for k in range(m.size)}
    return {db + j: da + i for i, j in _fewest_edits(a, b)}


def _fewest_edits(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """The pairs of equal words in an alignment of ``a`` and ``b`` with the fewest edits, where a
    changed word costs as much as deleting one and inserting another (so most words are kept)."""
    cost = [list(range(len(b) + 1))]
    for i, x in enumerate(a, 1):
        prev, row = cost[-1], [i]
        for j, y in enumerate(b, 1):
            row.append(min(prev[j - 1] if x == y else prev[j - 1] + 2, prev[j] + 1, row[j - 1] + 1))
        cost.append(row)
    pairs = []
    i, j = len(a), len(b)
    while i and j:
        if a[i - 1] == b[j - 1] and cost[i][j] == cost[i - 1][j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j - 1] + 2:
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]
