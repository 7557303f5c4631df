"""Report sentences come from params/wording: filled by name, with missing fields refused."""

import pytest

from sti_monitor.errors import ConfigError
from sti_monitor.report.wording import say


def test_a_template_is_filled_by_name():
    assert (
        say("status_counts", year=2023, unit="鹿城区", n=9, met=5, near=1, behind=3, others="")
        == "2023年，鹿城区9项主要指标中，达标5项、接近目标1项、未达标3项。"
    )


def test_a_missing_field_or_key_is_an_error():
    with pytest.raises(ConfigError, match="year"):
        say("status_counts", unit="鹿城区", n=9, met=5, near=1, behind=3, others="")
    with pytest.raises(ConfigError, match="no_such_sentence"):
        say("no_such_sentence")
