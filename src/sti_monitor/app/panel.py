"""The control panel: ipywidgets to choose a data folder, check it, confirm doubtful values and render reports.

Served as a web page by Voilà (``sti-monitor app``) or shown in JupyterLab by ``notebooks/app.ipynb``.
Long work runs in a background thread so the page stays live; one task at a time.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from ..errors import StiMonitorError
from ..measure import evaluate, load_dataset, load_framework
from ..paths import REPORTS_DIR, SAMPLE_DATA_DIR
from ..plan import recorded_plan
from ..publish import write_problems
from ..report.wording import say
from .access import candidate_dirs, check_roots, output_folder, resolve_data_dir
from .bundle import bundle_name, write_bundle
from .confirm_view import ConfirmationList
from .form import PanelForm
from .planhint import other_plan
from .run_views import partial_offer, preview
from .runlock import RunBusy, run_lock
from .upload import save_upload, year_folder
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


class ControlPanel(PanelForm):
    """The panel's widgets (:class:`~.form.PanelForm`) and what its buttons do.

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
        super().__init__(candidate_dirs(self.roots), self.roots[0])
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
        self.message.value = notice(say("app_rendering", year=request.year), "info")
        self.result.value, self.live.value, self.confirmations.children, self.partial.children = "", "", (), ()
        self.progress.value, self.progress.max, self.progress.description = 0, 1, ""
        self.progress.layout.visibility = "visible"
        self.preview.children = ()
        folder = output_folder(request.data_dir, self.roots, self.out)
        summary = self._run_batch(request, folder)
        self.progress.max = self.progress.value = max(self.progress.max, 1)
        if not summary.count("rendered") + summary.count("failed"):  # nothing ran: no bar full of nothing
            self.progress.layout.visibility = "hidden"
        results = evaluate(request.data_dir, request.framework_id, until=request.year)
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
        self.message.value = notice(self._render_done(summary, request.year), "ok" if summary.ok else "error")
        if summary.count("held"):
            self.partial.children = self._partial_offer(summary, request)

    def _run_batch(self, request: RenderRequest, folder: Path):
        """The batch of ``request`` into ``folder``, a live line and the bar moved per unit; its summary."""
        from ..batch import render_batch

        lines: list[str] = []

        def on_unit(unit, done: int, total: int) -> None:
            self.progress.max, self.progress.value = max(total, 1), done
            self.progress.description = say("app_progress", done=done, total=total)
            lines.append(unit_line(unit))
            self.live.value = "".join(lines)

        try:
            return render_batch(
                request.data_dir,
                request.year,
                request.framework_id,
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

    @staticmethod
    def _render_done(summary, year: int) -> str:
        """The sentence that ends a render: how many units were rendered, skipped, failed, held and why."""
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
        return done

    # -- 生成其余单位 ---------------------------------------------------------------------------------------------

    def _partial_offer(self, summary, request: RenderRequest) -> tuple:
        """The 生成其余单位 button; it asks first, naming every unit that will have no report."""

        def on_yes():
            self.partial.children = ()
            self.render_partial(request)

        return partial_offer(summary, on_yes)

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
        return preview(reports, self._href)

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
