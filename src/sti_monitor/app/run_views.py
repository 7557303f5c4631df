"""What the panel shows after a render besides its messages: the 生成其余单位 offer of a held batch and the
preview of the run's reports in the browser's PDF viewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from ..report.wording import say
from .views import esc, notice


def partial_offer(summary, on_yes: Callable[[], None]) -> tuple:
    """The 生成其余单位 button; it asks first, naming every unit that will have no report, and calls ``on_yes``
    when the answer is yes."""
    missing = [u for u in summary.units if u.status in ("rejected", "unreported")]
    rest = summary.count("held")
    names = "、".join(f"{u.unit_code} {u.unit_name}".strip() for u in missing)
    button = widgets.Button(description=say("app_partial"), button_style="warning")
    button.add_class("sti-partial-button")
    question = widgets.HTML()
    yes = widgets.Button(description=say("app_partial_yes"), button_style="danger")
    no = widgets.Button(description=say("app_partial_no"))
    ask = widgets.VBox([question, widgets.HBox([yes, no])], layout=widgets.Layout(display="none"))

    def on_ask(_):
        question.value = notice(say("app_partial_question", n=rest, missing=names), "error")
        ask.layout.display = None

    def on_no(_):
        ask.layout.display = "none"

    button.on_click(on_ask)
    no.on_click(on_no)
    yes.on_click(lambda _: on_yes())
    return (widgets.HTML(notice(say("app_partial_offer", n=len(missing)), "info")), button, ask)


def preview(reports: list[tuple[str, Path]], href: Callable[[Path], str]) -> tuple:
    """A list of the run's ``reports`` (label, PDF) and, below it, the chosen one in the browser's PDF viewer;
    ``href``: the URL of a PDF."""
    choice = widgets.Dropdown(
        options=[(label, href(path)) for label, path in reports],
        value=None,
        description=say("app_preview"),
        style={"description_width": "5em"},
        layout=widgets.Layout(width="30em"),
    )
    frame = widgets.HTML()
    frame.add_class("sti-preview-frame")

    def show(change):
        if change["new"]:
            frame.value = (
                f'<iframe src="{esc(change["new"])}#page=1&amp;view=FitH" title="{esc(say("app_preview"))}" '
                f'style="width:100%;height:720px;border:1px solid #ccc"></iframe>'
            )

    choice.observe(show, "value")
    return (widgets.HTML(esc(say("app_preview_hint"))), choice, frame)
