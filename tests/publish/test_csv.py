"""CSV export: text a spreadsheet could run is neutralised under every text dtype; numbers stay numbers."""

import pandas as pd

from sti_monitor.publish.sheets import write_csv


def test_formula_text_is_neutralised_in_every_string_dtype(tmp_path):
    risky = ["=HYPERLINK(A1)+鹿城区", "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", "鹿城区", None]
    table = pd.DataFrame(
        {
            "pandas_string": pd.array(risky, dtype="string"),  # the default for text in pandas 3
            "python_string": pd.array(risky, dtype=pd.StringDtype("python")),
            "object": pd.Series(risky, dtype=object),
            "category": pd.Series(risky, dtype="category"),
            "number": [-1.5, 2.0, -3.0, 0.0, 4.25, -0.5, 7.0, None],
            "count": pd.array([-1, 2, -3, 0, 4, -5, 7, None], dtype="Int64"),
        }
    )
    write_csv(table, tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_bytes().decode("utf-8-sig")
    assert text == (
        "pandas_string,python_string,object,category,number,count\r\n"
        "'=HYPERLINK(A1)+鹿城区,'=HYPERLINK(A1)+鹿城区,'=HYPERLINK(A1)+鹿城区,'=HYPERLINK(A1)+鹿城区,-1.5,-1\r\n"
        "'+1,'+1,'+1,'+1,2.0,2\r\n"
        "'-2,'-2,'-2,'-2,-3.0,-3\r\n"
        "'@SUM(A1),'@SUM(A1),'@SUM(A1),'@SUM(A1),0.0,0\r\n"
        "'\tTAB,'\tTAB,'\tTAB,'\tTAB,4.25,4\r\n"
        '"\'\rCR","\'\rCR","\'\rCR","\'\rCR",-0.5,-5\r\n'  # a CR in a cell is quoted
        "鹿城区,鹿城区,鹿城区,鹿城区,7.0,7\r\n"
        ",,,,,\r\n"
    )
