"""The control panel's widgets and their places on the page; what the buttons do is :mod:`.panel`'s.

The class names (``sti-…``) are stable handles for the page template and the browser tests.
"""

from __future__ import annotations

import time
from pathlib import Path

import ipywidgets as widgets

from ..measure import load_framework
from ..paths import DEFAULT_FRAMEWORK, FRAMEWORKS_DIR
from ..report.wording import say
from .upload import CONTENT_FOR_SUFFIX
from .views import esc

STYLE = {"description_width": "5em"}
WIDE = "42em"


class PanelForm:
    """Every widget of the panel, laid out in ``widget``: the choices (folder, plan, year, units), the upload, the
    buttons, and where the answers appear (message, progress, live lines, results, preview, confirmations)."""

    def __init__(self, folders: list[Path], folder: Path):
        """``folders``: the data folders offered; ``folder``: the one chosen at first."""
        self._choices(folders, folder)
        self._answers()
        self._uploads()
        self.validate_button = widgets.Button(description=say("app_validate"), button_style="primary")
        self.render_button = widgets.Button(description=say("app_render"), button_style="success")
        self.force = widgets.Checkbox(value=False, description=say("app_force"), indent=False)
        self.force.add_class("sti-force")
        self.widget = self._page()

    def _choices(self, folders: list[Path], folder: Path) -> None:
        self.data_dir = widgets.Combobox(
            options=[str(p) for p in folders],
            value=str(folder),
            ensure_option=False,
            continuous_update=False,
            placeholder=say("app_data_dir_hint"),
            description=say("app_data_dir"),
            style=STYLE,
            layout=widgets.Layout(width=WIDE),
        )
        self.data_dir.add_class("sti-data-dir")
        ids = sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.yaml"))
        self.framework = widgets.Dropdown(
            options=[(load_framework(i).name, i) for i in ids],
            value=DEFAULT_FRAMEWORK if DEFAULT_FRAMEWORK in ids else ids[0],
            description=say("app_framework"),
            style=STYLE,
            layout=widgets.Layout(width=WIDE),
        )
        self.year = widgets.Dropdown(options=[], description=say("app_year"), style=STYLE)
        self.units = widgets.SelectMultiple(
            options=[], rows=6, description=say("app_units"), style=STYLE, layout=widgets.Layout(width="30em")
        )
        self.units.add_class("sti-units")

    def _answers(self) -> None:
        self.message = widgets.HTML()
        self.progress = widgets.IntProgress(
            value=0, min=0, max=1, style=STYLE, layout=widgets.Layout(width=WIDE, visibility="hidden")
        )
        self.progress.add_class("sti-progress")
        self.live = widgets.HTML()
        self.result = widgets.HTML()
        self.confirmations = widgets.VBox()
        self.partial = widgets.VBox()  # 生成其余单位, after a batch held because of rejected workbooks
        self.partial.add_class("sti-partial")
        self.preview = widgets.VBox()  # a report's pages, in the page
        self.preview.add_class("sti-preview")

    def _uploads(self) -> None:
        self.upload_files = widgets.FileUpload(
            accept=",".join(CONTENT_FOR_SUFFIX), multiple=True, description=say("app_upload_pick")
        )
        self.upload_files.add_class("sti-upload")
        self.upload_year = widgets.BoundedIntText(
            value=time.localtime().tm_year - 1,
            min=1990,
            max=2100,
            description=say("app_upload_year"),
            style={"description_width": "6em"},
            layout=widgets.Layout(width="14em"),
        )
        self.upload_year.add_class("sti-upload-year")
        self.upload_button = widgets.Button(description=say("app_upload_button"))
        self.upload_note = widgets.HTML()

    def _page(self) -> widgets.VBox:
        upload_row = widgets.HBox(
            [self.upload_year, self.upload_files, self.upload_button, widgets.HTML(esc(say("app_upload_drop")))]
        )
        upload_row.add_class("sti-upload-row")  # files dropped here go to the upload (see the page template)
        page = widgets.VBox(
            [
                widgets.HTML(f"<h2>{esc(say('app_title'))}</h2>"),
                self.data_dir,
                self.framework,
                widgets.HTML(f"<b>{esc(say('app_upload_title'))}</b>：{esc(say('app_upload_hint'))}"),
                upload_row,
                self.upload_note,
                self.year,
                self.units,
                widgets.HTML(esc(say("app_units_hint"))),
                widgets.HBox([self.validate_button, self.render_button, self.force]),
                self.message,
                self.progress,
                self.partial,
                self.live,
                self.result,
                self.preview,
                self.confirmations,
            ]
        )
        page.add_class("sti-panel")
        return page
