"""The package's public API: its docstring example runs, and every name it lists imports."""

import doctest

import razendereporter


def test_the_docstring_example_runs():
    result = doctest.testmod(razendereporter, verbose=False)
    assert result.attempted >= 3 and result.failed == 0


def test_every_public_name_is_there():
    for name in razendereporter.__all__:
        assert getattr(razendereporter, name) is not None
