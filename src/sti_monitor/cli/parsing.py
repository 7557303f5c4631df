"""An argparse parser whose every word a user sees is Chinese."""

from __future__ import annotations

import argparse
import logging
import re
import sys

logger = logging.getLogger(__name__)


_ERRORS = [
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", "参数 {0} 的取值 {1} 无效（可选：{2}）"),
    (r"argument (.*?): invalid (\w+) value: (.*)", "参数 {0} 的取值 {2} 无效（应为{1}）"),
    (r"argument (.*?): expected one argument", "参数 {0} 需要一个值"),
    (r"argument (.*?): not allowed with argument (.*)", "参数 {0} 不能与 {1} 同时使用"),
    (r"ambiguous option: (.*?) could match (.*)", "选项 {0} 有歧义，可能是：{1}"),
]


_TYPES = {"int": "整数", "float": "数字"}


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with 用法 instead of usage, keeping the examples' line breaks."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self):
        # section titles end with a full-width colon, as Chinese text does
        return re.sub(r"^(\S[^\n]*?):\n", "\\1：\n", super().format_help(), flags=re.M)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose every word a user sees is Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message):
        for pattern, text in _ERRORS:
            m = re.fullmatch(pattern, message)
            if m:
                message = text.format(*(_TYPES.get(g, g) for g in m.groups()))
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")
