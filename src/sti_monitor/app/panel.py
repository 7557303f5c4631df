"""The control panel: ipywidgets to choose a data folder, check it, confirm doubtful values and render reports.

Served as a web page by Voilà (``sti-monitor app``) or shown in JupyterLab by ``notebooks/app.ipynb``.
Long work runs in a background thread so the page stays live; one task at a time.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets

from ..errors import StiMonitorError
from ..measure import evaluate, load_dataset, load_framework
from ..paths import DEFAULT_FRAMEWORK, FRAMEWORKS_DIR, REPORTS_DIR, SAMPLE_DATA_DIR
from ..plan import recorded_plan
from ..publish import write_problems
from ..report.wording import say
from .access import candidate_dirs, check_roots, output_folder, resolve_data_dir
from .bundle import bundle_name, write_bundle
from .confirm_view import ConfirmationList
from .planhint import other_plan
from .runlock import RunBusy, run_lock
from .upload import CONTENT_FOR_SUFFIX, save_upload, year_folder
from .views import esc, notice, problems_html, status_table_html, unit_line

logger = logging.getLogger(__name__)

#: Environment variables through which ``sti-monitor app`` tells the notebook's kernel its settings.
ENV_ROOTS, ENV_OUT, ENV_FILES_URL = "STI_APP_DATA", "STI_APP_OUT", "STI_APP_FILES_URL"
PROBLEM_BOOK = "问题清单.xlsx"


@dataclass(frozen=True)
class RenderRequest:
    """One 生成报告: which folder, plan, year and units (none: all); ``allow_partial`` renders the rest when a
    workbook is rejected; ``force`` renders again what has not changed."""

    data_dir: Path
    framework_id: str
    year: int
    codes: list[str]
    allow_partial: bool = False
    force: bool = False


class ControlPanel:
    """The panel's widgets and what its buttons do.

    ``roots`` are the folders data may be chosen from (and below); ``out`` the folder reports and
    problem workbooks are written to; ``files_url`` the URL at which ``out`` is served (``None``:
    paths are shown instead of links).
    """

    def __init__(self, roots, out: Path, files_url: str | None = None, workers: int | None = None):
        self.roots = check_roots(roots)
        self.out = Path(out).resolve()
        self.files_url = files_url.rstrip("/") if files_url else None
        self.workers = workers
        self._lock = threading.Lock()
        self._task: str | None = None
        self.thread: threading.Thread | None = None
        self.confirm_list: ConfirmationList | None = None

        style = {"description_width": "5em"}
        layout = widgets.Layout(width="42em")
        self.data_dir = widgets.Combobox(
            options=[str(p) for p in candidate_dirs(self.roots)],
            value=str(self.roots[0]),
            ensure_option=False,
            continuous_update=False,
            placeholder=say("app_data_dir_hint"),
            description=say("app_data_dir"),
            style=style,
            layout=layout,
        )
        ids = sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.yaml"))
        self.framework = widgets.Dropdown(
            options=[(load_framework(i).name, i) for i in ids],
            value=DEFAULT_FRAMEWORK if DEFAULT_FRAMEWORK in ids else ids[0],
            description=say("app_framework"),
            style=style,
            layout=layout,
        )
        self.year = widgets.Dropdown(options=[], description=say("app_year"), style=style)
        self.units = widgets.SelectMultiple(
            options=[], rows=6, description=say("app_units"), style=style, layout=widgets.Layout(width="30em")
        )
        self.validate_button = widgets.Button(description=say("app_validate"), button_style="primary")
        self.render_button = widgets.Button(description=say("app_render"), button_style="success")
        self.force = widgets.Checkbox(value=False, description=say("app_force"), indent=False)
        self.force.add_class("sti-force")
        self.message = widgets.HTML()
        self.progress = widgets.IntProgress(
            value=0, min=0, max=1, style=style, layout=widgets.Layout(width="42em", visibility="hidden")
        )
        self.progress.add_class("sti-progress")
        self.live = widgets.HTML()
        self.result = widgets.HTML()
        self.confirmations = widgets.VBox()
        self.partial = widgets.VBox()  # 生成其余单位, after a batch held because of rejected workbooks
        self.partial.add_class("sti-partial")
        self.preview = widgets.VBox()  # a report's pages, in the page
        self.preview.add_class("sti-preview")
        self.upload_files = widgets.FileUpload(
            accept=",".join(CONTENT_FOR_SUFFIX), multiple=True, description=say("app_upload_pick")
        )
        self.upload_year = widgets.BoundedIntText(
            value=time.localtime().tm_year - 1,
            min=1990,
            max=2100,
            description=say("app_upload_year"),
            style={"description_width": "6em"},
            layout=widgets.Layout(width="14em"),
        )
        self.upload_button = widgets.Button(description=say("app_upload_button"))
        self.upload_note = widgets.HTML()
        self.upload_files.add_class("sti-upload")
        self.upload_year.add_class("sti-upload-year")
        upload_row = widgets.HBox(
            [self.upload_year, self.upload_files, self.upload_button, widgets.HTML(esc(say("app_upload_drop")))]
        )
        upload_row.add_class("sti-upload-row")  # files dropped here go to the upload (see the page template)
        self.widget = widgets.VBox(
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
        self.widget.add_class("sti-panel")
        self.data_dir.add_class("sti-data-dir")  # stable handles for the browser tests
        self.units.add_class("sti-units")
        self.data_dir.observe(lambda _: self.choose_folder(), "value")
        self.framework.observe(lambda _: self.load_choices(), "value")
        self.validate_button.on_click(lambda _: self.validate())
        self.render_button.on_click(lambda _: self.render())
        self.upload_button.on_click(lambda _: self.upload())
        self.choose_folder()

    @classmethod
    def from_environment(cls) -> ControlPanel:
        """The panel ``sti-monitor app`` asked for, or, opened by hand, one on the sample data writing to reports/."""
        roots = os.environ.get(ENV_ROOTS)
        return cls(
            [Path(p) for p in roots.split(os.pathsep)] if roots else [SAMPLE_DATA_DIR],
            Path(os.environ.get(ENV_OUT) or REPORTS_DIR),
            os.environ.get(ENV_FILES_URL) or None,
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # -- choices -------------------------------------------------------------------------------------------------

    def chosen_dir(self) -> Path:
        return resolve_data_dir(self.data_dir.value, self.roots)

    def choose_folder(self) -> None:
        """The chosen folder's recorded plan (its 规划.yaml) selected, then its years and units loaded."""
        try:
            plan = recorded_plan(self.chosen_dir())
        except StiMonitorError:
            plan = None  # an unreadable folder or 规划.yaml: load_choices says what is wrong
        if plan and plan != self.framework.value and plan in [value for _, value in self.framework.options]:
            self.framework.value = plan  # its observer loads the choices
            return
        self.load_choices()

    def load_choices(self) -> None:
        """Fill the years and units from the chosen folder; say in the page what is wrong with it.
        What the page showed of the previous folder goes, unless a task still works on it."""
        self.year.options, self.units.options = [], []
        if not self._lock.locked():
            self.result.value, self.live.value, self.message.value = "", "", ""
            self.confirmations.children, self.partial.children, self.preview.children = (), (), ()
            self.progress.layout.visibility = "hidden"
        try:
            recorded_plan(self.chosen_dir())  # a 规划.yaml that cannot be read is said here
            dataset = load_dataset(self.chosen_dir(), load_framework(self.framework.value))
        except StiMonitorError as exc:
            self.message.value = notice(exc)
            return
        except Exception as exc:  # a bug: the page says so in Chinese, the log keeps the traceback
            logger.exception("reading %s failed", self.data_dir.value)
            self.message.value = notice(say("app_unexpected", error=f"{type(exc).__name__}: {exc}"))
            return
        years = dataset.years
        self.year.options = years
        self.year.value = years[-1] if years else None
        if years:
            self.upload_year.value = years[-1] + 1  # the round a statistician uploads is the year after the latest
        self.units.options = [(f"{u.code} {u.name}", u.code) for u in dataset.units.all()]
        self.message.value = "" if years else notice(say("app_no_years", path=dataset.data_dir))

    # -- background work -----------------------------------------------------------------------------------------

    def _refuse_if_busy(self) -> bool:
        if self._lock.locked():
            self.message.value = notice(say("app_busy", task=say(f"app_task_{self._task or 'render'}")))
            return True
        return False

    def _start(self, task: str, work, *args) -> threading.Thread | None:
        """Run ``work(*args)`` in the background unless a task runs already (then say so and return ``None``)."""
        if self._refuse_if_busy() or not self._lock.acquire(blocking=False):
            return None
        self._task = task

        def run():
            try:
                work(*args)
            except StiMonitorError as exc:
                self.message.value = notice(exc)
            except Exception as exc:  # a bug: the page says so in Chinese, the log keeps the traceback
                logger.exception("panel task %s failed", task)
                self.message.value = notice(say("app_unexpected", error=f"{type(exc).__name__}: {exc}"))
            finally:
                self._task = None
                self._lock.release()

        self.thread = threading.Thread(target=run, name=f"sti-panel-{task}", daemon=True)
        self.thread.start()
        return self.thread

    def _link(self, path: Path, text: str) -> str:
        if not path.exists():
            return ""
        if self.files_url is None:
            return f"{esc(text)}：<code>{esc(path)}</code>"
        return f'<a href="{esc(self._href(path))}" target="_blank" rel="noopener">{esc(text)}</a>'

    # -- 检查数据 -------------------------------------------------------------------------------------------------

    def validate(self) -> threading.Thread | None:
        """Check the chosen folder: problems by file with counts, the problem workbook, confirmations."""
        try:
            data_dir = self.chosen_dir()
        except StiMonitorError as exc:
            self.message.value = notice(exc)
            return None
        return self._start("validate", self._validate, data_dir, self.framework.value)

    def _validate(self, data_dir: Path, framework_id: str) -> None:
        self.message.value = notice(say("app_checking", path=data_dir), "info")
        self.result.value, self.live.value, self.confirmations.children = "", "", ()
        dataset = load_dataset(data_dir, load_framework(framework_id))
        dataset.problems = [
            *dataset.missing_problems(),
            *dataset.problems,
        ]  # a district that sent nothing: an error, named first
        book = write_problems(dataset, output_folder(data_dir, self.roots, self.out) / PROBLEM_BOOK)
        hint = other_plan(dataset, framework_id)
        self.result.value = (notice(hint, "error") if hint else "") + self.problems_html(dataset, book)
        self.confirm_list = ConfirmationList(data_dir, dataset)
        self.confirmations.children = (self.confirm_list.widget,)
        self.message.value = ""

    def problems_html(self, dataset, book: Path) -> str:
        return problems_html(dataset, self._link(book, say("app_problem_book")))

    # -- 生成报告 -------------------------------------------------------------------------------------------------

    def render(self) -> threading.Thread | None:
        """Render the chosen units' reports for the chosen year in the background, a live line per unit."""
        try:
            data_dir = self.chosen_dir()
        except StiMonitorError as exc:
            self.message.value = notice(exc)
            return None
        if self._refuse_if_busy():
            return None
        if self.year.value is None:
            self.message.value = notice(say("app_choose_year"))
            return None
        return self._start(
            "render",
            self._render,
            RenderRequest(
                data_dir, self.framework.value, int(self.year.value), list(self.units.value), force=self.force.value
            ),
        )

    def _render(self, request: RenderRequest) -> None:
        with run_lock(request.data_dir):  # RunBusy (a StiMonitorError) names who renders this folder already
            self._render_locked(request)

    def _render_locked(self, request: RenderRequest) -> None:
        from ..batch import render_batch

        data_dir, framework_id, year = request.data_dir, request.framework_id, request.year
        self.message.value = notice(say("app_rendering", year=year), "info")
        self.result.value, self.live.value, self.confirmations.children, self.partial.children = "", "", (), ()
        self.progress.value, self.progress.max, self.progress.description = 0, 1, ""
        self.progress.layout.visibility = "visible"
        self.preview.children = ()
        lines: list[str] = []

        def on_unit(unit, done: int, total: int) -> None:
            self.progress.max, self.progress.value = max(total, 1), done
            self.progress.description = say("app_progress", done=done, total=total)
            lines.append(unit_line(unit))
            self.live.value = "".join(lines)

        folder = output_folder(data_dir, self.roots, self.out)
        try:
            summary = render_batch(
                data_dir,
                year,
                framework_id,
                request.codes or None,
                folder,
                self.workers,
                force=request.force,
                progress=False,
                on_unit=on_unit,
                allow_partial=request.allow_partial,
            )
        except RunBusy:  # a render from the command line into the same folder: its own words name it
            self.progress.layout.visibility = "hidden"
            raise
        except StiMonitorError as exc:
            self.progress.layout.visibility = "hidden"
            raise StiMonitorError(say("app_render_failed", reason=exc)) from None
        self.progress.max = self.progress.value = max(self.progress.max, 1)
        if not summary.count("rendered") + summary.count("failed"):  # nothing ran: no bar full of nothing
            self.progress.layout.visibility = "hidden"
        results = evaluate(data_dir, framework_id, until=year)
        results.dataset.problems = [*results.dataset.missing_problems(), *results.dataset.problems]
        book = write_problems(results.dataset, folder / PROBLEM_BOOK)
        self.live.value = "".join(unit_line(u) for u in summary.units)
        current = [
            u for u in summary.units if u.status in ("rendered", "skipped")
        ]  # a held unit's old PDF is not this year's
        write_bundle(
            summary.folder,
            summary.year,
            [summary.folder / f"{u.slug}.pdf" for u in current] + [summary.folder / "summary.xlsx"],
        )
        self.result.value = self.results_html(summary, results, book)
        self.preview.children = self._preview(summary, current)
        done = say(
            "app_render_done",
            year=year,
            n=len(summary.units),
            rendered=summary.count("rendered"),
            skipped=summary.count("skipped"),
            failed=summary.count("failed"),
            seconds=summary.seconds,
        )
        for status in ("rejected", "unreported", "held"):
            if summary.count(status):
                done += say(f"app_render_{status}", n=summary.count(status))
        self.message.value = notice(done, "ok" if summary.ok else "error")
        if summary.count("held"):
            self.partial.children = self._partial_offer(summary, request)

    # -- 生成其余单位 ---------------------------------------------------------------------------------------------

    def _partial_offer(self, summary, request: RenderRequest) -> tuple:
        """The 生成其余单位 button; it asks first, naming every unit that will have no report."""
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

        def on_yes(_):
            self.partial.children = ()
            self.render_partial(request)

        button.on_click(on_ask)
        no.on_click(on_no)
        yes.on_click(on_yes)
        return (widgets.HTML(notice(say("app_partial_offer", n=len(missing)), "info")), button, ask)

    def render_partial(self, request: RenderRequest) -> threading.Thread | None:
        """Render the units whose data were accepted, leaving out those whose workbooks were rejected
        (the CLI's ``--allow-partial``); asked for on purpose, after the panel named what will be missing."""
        return self._start("render", self._render, replace(request, allow_partial=True))

    def results_html(self, summary, results, book: Path) -> str:
        """The districts × indicators status table, then links to each PDF, summary.xlsx and the problem workbook."""
        zip_name = bundle_name(summary.year)
        links = [self._link(summary.folder / zip_name, say("app_zip_link", name=zip_name))]
        links += [
            self._link(summary.folder / f"{u.slug}.pdf", f"{u.unit_code} {u.unit_name}.pdf")
            for u in summary.units
            if u.status in ("rendered", "skipped")
        ]  # a held or rejected unit's old PDF is not this year's answer
        links += [
            self._link(summary.folder / "summary.xlsx", say("app_summary_book")),
            self._link(book, say("app_problem_book")),
        ]
        items = "".join(f"<li>{link}</li>" for link in links if link)
        return f'{status_table_html(results, summary.year)}<h4>{esc(say("app_outputs"))}</h4><ul class="sti-outputs">{items}</ul>'

    # -- 预览 -----------------------------------------------------------------------------------------------------

    def _href(self, path: Path) -> str:
        return f"{self.files_url}/{quote(path.relative_to(self.out).as_posix())}"

    def _preview(self, summary, units) -> tuple:
        """A list of the run's reports and, below it, the chosen one in the browser's PDF viewer."""
        reports = [(f"{u.unit_code} {u.unit_name}", summary.folder / f"{u.slug}.pdf") for u in units]
        reports = [(label, path) for label, path in reports if path.exists()]
        if self.files_url is None or not reports:
            return ()
        choice = widgets.Dropdown(
            options=[(label, self._href(path)) for label, path in reports],
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

    # -- 上传 -----------------------------------------------------------------------------------------------------

    def upload(self) -> list | None:
        """Save the chosen files into the chosen year's folder of the data folder; a line per file."""
        try:
            data_dir = self.chosen_dir()
            folder = year_folder(data_dir, self.upload_year.value)
        except (StiMonitorError, ValueError) as exc:
            self.upload_note.value = notice(exc)
            return None
        files = list(self.upload_files.value)
        if not files:
            self.upload_note.value = notice(say("app_upload_none"))
            return None
        saved = [save_upload(folder, f["name"], bytes(f["content"])) for f in files]
        lines = "".join(notice(s.line(), "error" if s.outcome == "refused" else "ok") for s in saved)
        self.upload_note.value = notice(say("app_upload_done", folder=folder), "info") + lines
        self.upload_files.value = ()
        self.load_choices()
        return saved
