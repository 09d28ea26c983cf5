"""constructs_pkg.testing re-exports its public names, with a sorted __all__."""

from __future__ import annotations

import constructs_pkg.testing as testing


def test_all_is_sorted_and_complete() -> None:
    assert testing.__all__ == sorted(testing.__all__)
    public = {name for name in vars(testing) if not name.startswith("_")}
    assert public == set(testing.__all__)
