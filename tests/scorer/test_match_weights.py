"""The matching weights refuse values that would break matching, and matching reads them from one place."""

from __future__ import annotations

import dataclasses

import pytest

from scorer import match
from scorer.match_weights import WEIGHTS, MatchWeights


@pytest.mark.parametrize("change", [{"parent_pull": -1.0}, {"conf_heading": 1.2}, {"conf_smoothed": 0.95},
                                    {"min_run": 1}, {"umbrella_areas": 1}])
def test_bad_weights_are_refused(change: dict) -> None:
    with pytest.raises(ValueError, match="match"):
        dataclasses.replace(WEIGHTS, **change)


def test_matching_uses_the_weights_structure() -> None:
    assert match.W is WEIGHTS
    assert isinstance(WEIGHTS, MatchWeights)
    with pytest.raises(dataclasses.FrozenInstanceError):
        WEIGHTS.parent_pull = 3.0  # type: ignore[misc]
