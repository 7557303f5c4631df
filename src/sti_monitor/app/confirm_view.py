"""The panel's confirmations: a row per doubtful cell (its value, plausible range and last year's value beside
the reason), a second tick for a value far outside its range, and the folder's confirmations with an undo."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from ..ingest.fields import load_fields
from ..ingest.problems import fmt_value
from ..report.wording import say
from . import confirmlog
from .runlock import who_am_i
from .views import esc, notice


def _number(value, unit: str) -> str:
    return say("app_value_missing") if value is None else f"{fmt_value(value)}{unit}"


def facts(doubt: confirmlog.Doubt) -> str:
    """数值、合理范围、上年数值 of a doubtful cell, in one line."""
    low_high = doubt.plausible
    plausible = (
        f"{fmt_value(low_high[0])}～{fmt_value(low_high[1])}{doubt.unit}" if low_high else say("app_value_missing")
    )
    return say(
        "app_confirm_facts",
        value=_number(doubt.value, doubt.unit),
        plausible=plausible,
        last_year=_number(doubt.last_year, doubt.unit),
    )


def _named(units, unit_code: str, field: str) -> tuple[str, str]:
    """``330302 鹿城区`` and ``地区生产总值`` for a confirmation's unit code and field code (the codes alone when unknown)."""
    try:
        unit = f"{unit_code} {units[unit_code].name}"
    except (KeyError, TypeError):
        unit = unit_code
    fields = load_fields()
    return unit, fields[field].name if field in fields.fields else field


def _value_text(value, field: str) -> str:
    """A confirmed value as the page shows it: ``1,189,090亿元``."""
    fields = load_fields()
    try:
        return _number(float(value), fields[field].unit if field in fields.fields else "")
    except (TypeError, ValueError):
        return str(value)


class ConfirmationList:
    """The confirmations part of the page for ``data_dir`` after a check of ``dataset``."""

    def __init__(self, data_dir: Path, dataset):
        self.data_dir = data_dir
        self.units = dataset.units
        self.doubts = confirmlog.doubts(dataset)
        self.who = widgets.Text(
            placeholder=say("app_confirmer_hint"),
            description=say("app_confirmer"),
            style={"description_width": "5em"},
            layout=widgets.Layout(width="24em"),
        )
        self.who.add_class("sti-confirmer")
        self.listing = widgets.VBox()
        self.listing.add_class("sti-confirmed")
        rows = [self._row(d) for d in self.doubts]
        head = [widgets.HTML(f"<b>{esc(say('app_confirm_title'))}</b>"), self.who] if rows else []
        self.widget = widgets.VBox([*head, *rows, self.listing])
        self.refresh()

    def _row(self, doubt: confirmlog.Doubt):
        reason = widgets.Text(placeholder=say("app_reason_hint"), layout=widgets.Layout(width="30em"))
        checked = widgets.Checkbox(
            value=False,
            description=say("app_confirm_far_tick"),
            indent=False,
            layout=widgets.Layout(display=None if doubt.far_outside else "none"),
        )
        button = widgets.Button(description=say("app_confirm"))
        note = widgets.HTML()
        button.on_click(lambda _: self.confirm(doubt, reason.value, checked.value, note))
        text = "；".join(doubt.whats)
        far = notice(say("app_confirm_far", factor=confirmlog.FAR_OUTSIDE_FACTOR)) if doubt.far_outside else ""
        row = widgets.VBox(
            [
                widgets.HTML(f"<div>{esc(doubt.where)}：{esc(text)}</div><div><b>{esc(facts(doubt))}</b></div>{far}"),
                widgets.HBox([reason, checked, button]),
                note,
            ]
        )
        row.add_class("sti-doubt")
        return row

    def _who(self) -> str:
        return say("app_who_named", name=self.who.value.strip(), client=who_am_i())

    def confirm(self, doubt: confirmlog.Doubt, reason: str, checked: bool, note: widgets.HTML) -> Path | None:
        """Record ``doubt`` as genuine, with a reason, a name, and for a value far outside its range the tick."""
        if not self.who.value.strip():
            note.value = notice(say("app_confirm_needs_name"))
            return None
        if not reason.strip():
            note.value = notice(say("app_confirm_needs_reason"))
            return None
        if doubt.far_outside and not checked:
            note.value = notice(say("app_confirm_needs_tick", tick=say("app_confirm_far_tick")))
            return None
        path = confirmlog.confirm(self.data_dir, doubt, reason, self._who())
        note.value = notice(say("app_confirmed", where=doubt.where, path=path.name), "ok")
        self.refresh()
        return path

    def undo(self, key: tuple[str, str, int]) -> Path | None:
        if not self.who.value.strip():
            self.refresh(notice(say("app_confirm_needs_name")))
            return None
        path = confirmlog.undo(self.data_dir, key, self._who())
        unit, field = _named(self.units, key[0], key[1])
        self.refresh(notice(say("app_undone", unit=unit, field=field, year=key[2]), "ok"))
        return path

    def refresh(self, message: str = "") -> None:
        """The folder's confirmations (who, when, why) from ``确认.yaml``, each with 撤销."""
        entries = confirmlog.read_log(self.data_dir)["confirmations"]
        if not entries:
            self.listing.children = (widgets.HTML(message),) if message else ()
            return
        rows = []
        for e in entries:
            key = (str(e.get("unit")), str(e.get("field")), int(e.get("year", 0) or 0))
            button = widgets.Button(description=say("app_undo"), layout=widgets.Layout(width="6em"))
            button.on_click(lambda _, key=key: self.undo(key))
            unit, field = _named(self.units, key[0], key[1])
            text = say(
                "app_confirmed_entry",
                unit=unit,
                field=field,
                year=key[2],
                value=_value_text(e.get("value", "—"), key[1]),
                reason=e.get("reason", ""),
                who=e.get("who") or say("app_who_unknown"),
                when=e.get("when") or "—",
            )
            rows.append(widgets.HBox([widgets.HTML(esc(text)), button]))
        self.listing.children = (widgets.HTML(f"{message}<b>{esc(say('app_confirmed_title'))}</b>"), *rows)
