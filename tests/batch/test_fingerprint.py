"""Frame digests: exact to the last bit of a float, blind to the index, the same from precomputed row hashes."""

import pandas as pd

from sti_monitor.batch.fingerprint import _frame_digest


def frame():
    return pd.DataFrame(
        {
            "unit_code": ["330302", "330303", "330304"],
            "value": [2.5, 3.0, float("nan")],
            "stretch_met": [True, None, False],
        },
        index=[10, 11, 12],
    )


def test_digest_sees_every_bit_and_the_column_names_but_not_the_index():
    base = _frame_digest(frame())
    nudged = frame()
    nudged.loc[11, "value"] = 3.0000000000000004  # the next float after 3.0
    assert _frame_digest(nudged) != base
    assert _frame_digest(frame().rename(columns={"value": "target"})) != base
    assert _frame_digest(frame().reset_index(drop=True)) == base


def test_a_selection_digests_the_same_from_the_whole_frame_s_row_hashes():
    whole = frame()
    hashes = pd.util.hash_pandas_object(whole, index=False)
    part = whole.loc[[12, 10]]
    assert _frame_digest(part, hashes) == _frame_digest(part)
    assert _frame_digest(whole.loc[[10]], hashes) != _frame_digest(whole.loc[[11]], hashes)
