"""The web adapter's own logic: URL overrides, the policy hash, caching, intervals."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.affiliation import default_policy
from socius.errors import ValidationError
from socius.web import analysis


def test_overrides_at_the_default_are_dropped() -> None:
    pol = default_policy()
    default = pol.criteria["values"].indicators[0].threshold
    assert analysis.parse_overrides({"t.values.0": str(default), "year": "2007"}) == {}
    assert analysis.parse_overrides({"t.values.0": "0.7"}) == {"values.0": 0.7}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"t.values.99": "1"}, "not in the policy"),
        ({"t.nonsense.0": "1"}, "not in the policy"),
        ({"t.values.0": "abc"}, "not a number"),
        ({"t.values.0": "nan"}, "not a finite number"),
    ],
)
def test_bad_overrides_are_one_clear_error(params: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        analysis.parse_overrides(params)


@settings(max_examples=30)
@given(st.floats(0.0, 1.0, allow_nan=False), st.floats(0.0, 1.0, allow_nan=False))
def test_the_policy_hash_changes_exactly_when_a_threshold_does(a: float, b: float) -> None:
    ha = analysis.policy_hash(analysis.effective_policy({"values.0": a}))
    hb = analysis.policy_hash(analysis.effective_policy({"values.0": b}))
    assert (ha == hb) == (a == b)
    assert len(ha) == 64


@given(st.floats(0.0, 1.0, allow_nan=False), st.integers(1, 100_000))
def test_the_confidence_interval_contains_the_share(p: float, n: int) -> None:
    lo, hi = analysis.confidence_interval(p, n)
    assert 0.0 <= lo <= p + 1e-12 and p - 1e-12 <= hi <= 1.0


def test_the_interval_matches_wilsons_formula() -> None:
    """Wilson's score interval (Wilson 1927, JASA 22: 209-212, doi:10.1080/01621459.1927.10502953),
    z = 1.96, for 90 of 100 draws, worked by hand from the closed form: centre
    (0.9 + z^2/200) / (1 + z^2/100) = 0.88521, half-width 0.05957, so 0.8256-0.9448."""
    lo, hi = analysis.confidence_interval(0.9, 100)
    assert lo == pytest.approx(0.8256, abs=5e-4)
    assert hi == pytest.approx(0.9448, abs=5e-4)


def test_one_reclassification_per_key_even_when_asked_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = analysis.assess

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "assess", counting)
    overrides = {"capacity.0": 123.456}  # a value no other test uses
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(analysis.assessment(2007, overrides)[1]))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(calls) == 1
    assert len(set(results)) == 1 and len(results) == 3
