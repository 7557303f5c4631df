"""A task table made with ``template --task-table`` and left blank is a 提醒 naming it, not silence."""

from test_cli import run


def test_a_blank_task_table_is_a_warning_naming_it(sample_copy):
    data = sample_copy  # with its filled 指标任务表_2023.xlsx
    made = run("template", data / "指标任务表_2024.xlsx", "--task-table", "--year", 2024)
    assert made.returncode == 0, made.stderr
    proc = run("validate", data)
    assert (
        "指标任务表_2024.xlsx\n  [提醒] 指标任务表中没有填写任何目标值，本表未采用。\n"
        "         处理方法：在“目标值”列填写各单位的目标，或删除该文件\n" in proc.stdout
    )
    assert "[错误]" not in proc.stdout and proc.stdout.count("[提醒]") == 1
