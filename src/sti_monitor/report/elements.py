"""Report elements that show as HTML/SVG in JupyterLab and as Typst in the PDF.

Each element's ``_repr_mimebundle_`` carries ``text/html`` (or ``image/svg+xml``) for people in
JupyterLab and ``text/x-typst`` for the exporter, so the executed notebook holds both. A chart's
SVG is carried once: the HTML holds it (between ``SVG_START`` and ``SVG_END``) and the Typst
source refers to it as ``sti-svgs.at(k)``, the k-th SVG of the same output, which the exporter
binds (see :func:`svgs_of_output`).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

TYPST_MIME = "text/x-typst"
SVG_START, SVG_END = "<!--sti-svg-->", "<!--/sti-svg-->"
SVG_REFS = "sti-svgs"  # the Typst name an output's SVGs are bound to


def svgs_of_output(data: dict) -> list[str]:
    """The SVGs an output's Typst source refers to by position: its ``image/svg+xml``, or those
    marked in its ``text/html``."""
    if "image/svg+xml" in data:
        return [data["image/svg+xml"]]
    return [part.split(SVG_END, 1)[0] for part in data.get("text/html", "").split(SVG_START)[1:]]


def typst_str(text) -> str:
    """A Typst string literal holding ``text``."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def typst_text(text) -> str:
    """Markup that prints ``text`` literally."""
    return f"#{typst_str(text)}"


class Element:
    """Base class: subclasses give ``html()`` and ``typst()``."""

    def html(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def typst(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def typst_ref(self, svgs: list[str]) -> str:
        """Typst source in which charts refer to their SVG by position in ``svgs`` (appended to)
        instead of holding it; the same as :meth:`typst` for elements without charts."""
        return self.typst()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), TYPST_MIME: self.typst_ref([]), "text/plain": f"<{type(self).__name__}>"}

    def __add__(self, other: Element) -> Elements:
        """Both shown as one output: ``report.heading(...) + report.summary(...)`` in one notebook
        cell (each cell costs a round trip to the kernel)."""
        if not isinstance(other, Element):
            return NotImplemented
        return Elements([*_items(self), *_items(other)])


def _items(element: Element) -> list[Element]:
    return list(element.items) if isinstance(element, Elements) else [element]


@dataclass
class Raw(Element):
    """Typst source with an HTML equivalent, for document settings and page breaks."""

    typst_source: str
    html_source: str = ""

    def html(self):
        return self.html_source

    def typst(self):
        return self.typst_source


@dataclass
class Heading(Element):
    text: str
    level: int = 2

    def html(self):
        return f"<h{self.level}>{html.escape(self.text)}</h{self.level}>"

    def typst(self):
        return f"{'=' * self.level} {typst_text(self.text)}\n"


@dataclass
class Paragraph(Element):
    text: str

    def html(self):
        return f"<p>{html.escape(self.text)}</p>"

    def typst(self):
        return f"{typst_text(self.text)}\n\n"


@dataclass
class Bullets(Element):
    items: list[str]

    def html(self):
        return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in self.items) + "</ul>"

    def typst(self):
        return "".join(f"- {typst_text(i)}\n" for i in self.items) + "\n"


@dataclass
class Cell:
    """A table cell: text, optional background colour (``#rrggbb``) and white text when filled."""

    text: str
    fill: str | None = None
    align: str | None = None


def without_column(rows: list, i: int) -> list:
    """A header, alignment (a list) or body (a list of rows) without its ``i``-th column."""
    if rows and isinstance(rows[0], list):
        return [[*r[:i], *r[i + 1 :]] for r in rows]
    return [*rows[:i], *rows[i + 1 :]]


@dataclass
class Table(Element):
    """A table with a header row. ``widths`` are Typst track sizes (``auto``, ``1fr``, ``3cm``)."""

    header: list[str]
    rows: list[list]
    caption: str = ""
    widths: list[str] | None = None
    align: list[str] | None = None  # "left" / "right" / "center" per column
    font_size: str = "9pt"
    supplement: str = ""  # "表" or "附表": Typst numbers the table (表 1, 附表 2); "" leaves it unnumbered

    def _cell(self, value) -> Cell:
        return value if isinstance(value, Cell) else Cell("" if value is None else str(value))

    def html(self):
        align = self.align or ["left"] * len(self.header)
        out = ['<table style="border-collapse:collapse;font-size:90%">']
        if self.caption:
            out.append(
                f"<caption style='caption-side:top;font-weight:bold;text-align:left'>{html.escape(self.caption)}</caption>"
            )
        out.append(
            "<thead><tr>"
            + "".join(
                f"<th style='background:#305496;color:white;padding:3px 6px;text-align:center'>{html.escape(h)}</th>"
                for h in self.header
            )
            + "</tr></thead><tbody>"
        )
        for row in self.rows:
            cells = []
            for i, v in enumerate(row):
                c = self._cell(v)
                style = f"padding:3px 6px;border-bottom:1px solid #ddd;text-align:{c.align or align[i]}"
                if c.fill:
                    style += f";background:{c.fill};color:white;font-weight:bold"
                cells.append(f"<td style='{style}'>{html.escape(c.text)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        return "".join(out)

    def typst(self):
        n = len(self.header)
        widths = ", ".join(self.widths or ["auto"] * n)
        align = ", ".join(self.align or ["left"] * n)
        parts = [f"#block(breakable: true)[#set text(size: {self.font_size}, font: sans-font)\n"]
        # the caption is kept with the table's first rows: never alone at the foot of a page
        caption_style = (
            'set text(weight: "bold", size: 10pt, fill: black); block(sticky: true, width: 100%, align(left, c))'
        )
        numbered = self.supplement and self.caption
        if numbered:
            parts.append(f"#show figure.caption: c => {{ {caption_style} }}\n#show figure: set align(left)\n")
            kind = "table" if self.supplement == "表" else '"appendix-table"'
            parts.append(
                f'#figure(kind: {kind}, supplement: {typst_str(self.supplement)}, numbering: "1", gap: 0.6em, '
                f"caption: {typst_str(self.caption)},\n"
            )
        elif self.caption:
            parts.append(f"#{{ let c = {typst_str(self.caption)}; {caption_style} }}\n")
        parts.append(
            f"{'' if numbered else '#'}table(columns: ({widths},), align: ({align},), stroke: 0.4pt + luma(200), inset: 4pt,\n"
        )
        parts.append(
            "  table.header("
            + ", ".join(
                f'table.cell(fill: rgb("#305496"), align: center, text(fill: white, {typst_str(h)}))'
                for h in self.header
            )
            + "),\n"
        )
        for row in self.rows:
            cells = []
            for v in row:
                c = self._cell(v)
                extra = f", align: {c.align}" if c.align else ""
                if c.fill:
                    cells.append(f'table.cell(fill: rgb("{c.fill}"){extra}, text(fill: white, {typst_str(c.text)}))')
                else:
                    cells.append(f"table.cell({extra.lstrip(', ')}{', ' if extra else ''}{typst_str(c.text)})")
            parts.append("  " + ", ".join(cells) + ",\n")
        parts.append("))]\n" if numbered else ")]\n")
        return "".join(parts)


@dataclass
class Chart(Element):
    """A chart as SVG, embedded as vector graphics in the PDF."""

    svg: str
    width: str = "100%"
    caption: str = ""
    supplement: str = ""  # "图": Typst numbers the chart (图 3); "" leaves it unnumbered

    @classmethod
    def from_figure(
        cls, fig, width: str = "100%", caption: str = "", tight: bool = True, supplement: str = ""
    ) -> Chart:
        """``tight`` trims the margins, at the cost of drawing the figure twice."""
        buf = io.StringIO()
        fig.savefig(buf, format="svg", bbox_inches="tight" if tight else None, metadata={"Date": None, "Creator": None})
        return cls(buf.getvalue(), width, caption, supplement)

    def html(self):
        cap = f"<div style='text-align:center;font-size:90%'>{html.escape(self.caption)}</div>" if self.caption else ""
        return f"<div>{SVG_START}{self.svg}{SVG_END}</div>{cap}"

    def _typst(self, data: str) -> str:
        body = f'image({data}, format: "svg", width: {self.width})'
        if self.caption and self.supplement:
            return (
                f'#figure({body}, kind: image, supplement: {typst_str(self.supplement)}, numbering: "1", '
                f"caption: {typst_str(self.caption)})\n"
            )
        if self.caption:  # not a figure: an unnumbered figure would still count in Typst's numbering
            caption = f"text(size: 8.5pt, font: sans-font, fill: luma(60), {typst_str(self.caption)})"
            return f"#block(breakable: false, width: 100%, align(center, stack(spacing: 0.65em, {body}, {caption})))\n"
        return f"#align(center, {body})\n"

    def typst(self):
        return self._typst(f"bytes({typst_str(self.svg)})")

    def typst_ref(self, svgs):
        svgs.append(self.svg)
        return self._typst(f"{SVG_REFS}.at({len(svgs) - 1})")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/svg+xml": self.svg, TYPST_MIME: self.typst_ref([]), "text/plain": f"<Chart {self.caption}>"}


@dataclass
class Elements(Element):
    """A sequence of elements shown together (what a report function returns)."""

    items: list[Element] = field(default_factory=list)

    def html(self):
        return "\n".join(i.html() for i in self.items)

    def typst(self):
        return "\n".join(i.typst() for i in self.items)

    def typst_ref(self, svgs):
        return "\n".join(i.typst_ref(svgs) for i in self.items)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": self.html(),
            TYPST_MIME: self.typst_ref([]),
            "text/plain": f"<{len(self.items)} report elements>",
        }

    def __iter__(self):
        return iter(self.items)
