"""File names: output stems safe on every file system, input names as text that prints anywhere."""

import os

from sti_monitor.ingest.problems import file_label
from sti_monitor.ingest.units import Unit


def test_slug_is_cut_to_a_safe_byte_length_on_a_character_boundary():
    assert Unit("330302", "鹿城区", "district").slug == "330302_鹿城区"
    # 60 bytes of UTF-8 = 20 Chinese characters; 21 would be 63
    assert Unit("330302", "温州市" * 30, "district").slug == "330302_温州市温州市温州市温州市温州市温州市温州"
    assert Unit("330302", "ab" + "温" * 30, "district").slug == "330302_ab" + "温" * 19  # 2 + 57 bytes
    assert len(Unit("330302", "温" * 200, "district").slug.encode("utf-8")) == 7 + 60


def test_slug_is_safe_on_windows():
    assert Unit("1", 'a<b>c:d"e/f\\g|h?i*j\x01k', "district").slug == "1_a_b_c_d_e_f_g_h_i_j_k"
    assert Unit("1", "县名. ", "district").slug == "1_县名"  # Windows drops trailing dots and spaces


def test_file_label_escapes_bytes_that_are_not_utf8_and_control_characters():
    gbk = os.fsdecode(b"\xc2\xb9\xb3\xc7\xc7\xf8.xlsx")  # 鹿城区.xlsx in GBK, as a Windows zip stores it
    assert file_label(gbk) == "¹\\xb3\\xc7\\xc7\\xf8.xlsx"
    assert file_label("a\x07b\tc.xlsx") == "a\\x07b\\x09c.xlsx"
    assert file_label("鹿城区.xlsx") == "鹿城区.xlsx"
    assert file_label("\ud800x") == "\\ud800x"  # a lone surrogate that is no escaped byte
    assert file_label(gbk).encode("utf-8")  # prints and saves anywhere
