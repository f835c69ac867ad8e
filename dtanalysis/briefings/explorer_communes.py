"""The explorer's commune view: the communes of the chosen province (a table and a map) and one commune's
monthly online-filing trend. It follows the explorer's province and report date; the callbacks live here so a
test can drive them without a browser."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from ipywidgets import HTML, Dropdown, Layout, Output, ToggleButton, VBox

from dtanalysis.analysis import communes
from dtanalysis.analysis.commune_overview import province_communes
from dtanalysis.briefings import charts, map_shapes, narrative
from dtanalysis.briefings.blocks import esc, plain_figure, table
from dtanalysis.briefings.context import Context
from dtanalysis.briefings.widgets import FigureWidget, card_styles, drawn
from dtanalysis.briefings.words import column_labels, t
from dtanalysis.common.text import fold

PLOTLY_MIME = "application/vnd.plotly.v1+json"
NONE = ""  # the "no commune" choice: a Dropdown whose value is None shows no selection at all in JupyterLab
TABLE_STYLE = (  # JupyterLab does not load the packs' stylesheet: enough for a readable table
    "<style>.dt-commune-table table{border-collapse:collapse}.dt-commune-table th,.dt-commune-table td"
    "{padding:3px 12px;text-align:left;border-bottom:1px solid #e1e4e8}"
    ".dt-commune-table th{position:sticky;top:0;background:#f3f4f6}</style>"
)
SHOWN = ["commune", "online_pct", "dossiers_total", "completion_pct", "done", "assigned", "overdue"]


class CommuneView:
    """A toggle that opens the province's communes: a commune table, the commune map and a commune dropdown
    whose choice draws that commune's trend (and is outlined on the map)."""

    def __init__(self, lang: str, filings: Callable[[], communes.CommuneContext | None], on_commune: Callable):
        self.lang, self._filings, self._on_commune = lang, filings, on_commune
        self.opened = ToggleButton(description=t("open_communes", lang), value=False, layout=Layout(width="auto"))
        self.commune = Dropdown(
            description=t("commune", lang),
            options=[(t("no_commune", lang), NONE)],
            value=NONE,
            layout=Layout(width="auto"),
            style={"description_width": "initial"},
        )
        self.note = HTML()  # a province without commune data, or a commune without filings: one sentence
        self.table = HTML()
        self.map: go.Figure | None = None  # drawn by JupyterLab's plotly renderer in `map_output`, not a widget
        self.map_output = Output()
        self.trend: FigureWidget | None = None
        self.figures = VBox()
        self.box = VBox([self.opened])
        self.rows = pd.DataFrame()
        self._ctx: Context | None = None
        self._province: tuple[str, str] = ("", "")
        self._drawn = False  # drawn for the current province and snapshot while opened
        self._quiet = False  # set while the dropdown's options are replaced (that fires value changes)
        self.opened.observe(self._toggled, names="value")
        self.commune.observe(self._chosen, names="value")

    def show(self, ctx: Context, code: str, province_name: str) -> None:
        """Follow the explorer to province `code` at the snapshot of `ctx` (drawn only while opened)."""
        moved = code != self._province[0]
        unchanged = not moved and ctx is self._ctx and self._drawn
        self._ctx, self._province = ctx, (code, province_name)
        if not self.opened.value or unchanged:  # a change of metric or comparison: the communes stay as drawn
            return
        self._drawn = True
        filings = self._filings()
        self.rows = province_communes(code, None if filings is None else filings.communes, ctx.commune_tasks)
        choices = [(t("no_commune", self.lang), NONE)] + sorted(
            zip(self.rows["commune"], self.rows["commune_code"]), key=lambda pair: fold(pair[0])
        )  # by name as a reader looks it up: 'Xã Đông' among the D's, not after the Z's
        keep = NONE if moved else self.commune.value
        self._quiet = True
        try:
            self.commune.options = choices
            self.commune.value = keep if keep in self.rows["commune_code"].values else NONE
        finally:
            self._quiet = False
        self._draw()

    @property
    def chosen(self) -> pd.Series | None:
        """Return the chosen commune's row of the table, or None."""
        if self.commune.value == NONE or self.rows.empty:
            return None
        return self.rows[self.rows["commune_code"] == self.commune.value].iloc[0]

    def _toggled(self, change) -> None:
        self._drawn = False
        if self._ctx is not None:
            self.show(self._ctx, *self._province)
        if not self.opened.value:
            self.box.children = (self.opened,)
            self._swap(None, None)
            self._on_commune()

    def _chosen(self, change) -> None:
        if not self._quiet:
            self._draw()

    def _draw(self) -> None:
        code, name = self._province
        lang = self.lang
        if self.rows.empty:
            self.note.value = f"<p>{esc(narrative.no_commune_data_sentence(name, lang))}</p>"
            self.table.value = ""
            self._swap(None, None)
            self.box.children = (self.opened, self.note)
            self._on_commune()
            return
        filings = self._filings()
        has_filings = "online_pct" in self.rows
        shown = self.rows[[c for c in SHOWN if c in self.rows]]
        self.table.value = (
            card_styles()
            + TABLE_STYLE
            + '<div class="dt-commune-table" style="max-height:22rem;overflow:auto">'
            + table(shown, lang, column_labels(lang))
            + "</div>"
        )
        area = trend = None
        if map_shapes.commune_outlines(code):
            metric = "online_pct" if has_filings else "completion_pct"
            missing = t("no_filings" if has_filings else "no_tasks", lang)
            area = charts.commune_choropleth(
                self.rows, code, metric, highlight=self.commune.value or None, missing_label=missing, lang=lang
            )
        row, note = self.chosen, ""
        if row is not None:
            if filings is not None and has_filings and pd.notna(row.get("slug")):
                found = filings.communes[filings.communes["slug"] == row["slug"]].iloc[0]
                series = communes.commune_trend(filings, found)
                trend = charts.commune_filing_trend(series, found["slug"], reference_name=name, lang=lang)
            else:
                note = narrative.no_commune_filings_sentence(str(row["commune"]), lang)
            if pd.notna(row.get("assigned")):
                note += " " + narrative.commune_own_tasks_sentence(row, lang, who=str(row["commune"]))
        self.note.value = f"<p>{esc(note.strip())}</p>" if note.strip() else ""
        self._swap(area, trend)
        self.box.children = (self.opened, self.commune, self.table, self.figures, self.note)
        self._on_commune()

    def _swap(self, area, trend) -> None:
        # The map is a static output (JupyterLab's plotly mime renderer): a FigureWidget of some hundred commune
        # shapes took anywidget past its 2 s set-up limit ("[anywidget] Failed to initialize model"). The trend
        # is a new widget for each view, opened with its figure (see widgets.FigureWidget): nothing stale.
        old = self.trend
        self.map = area
        self.map_output.outputs = () if area is None else (_display_data(area),)
        self.trend = drawn(trend) if trend is not None else None
        shown = (self.map_output if area is not None else None, self.trend)
        self.figures.children = tuple(w for w in shown if w is not None)
        if old is not None:
            old.close()


def _display_data(figure: go.Figure) -> dict:
    """Return `figure` as a display_data output for plotly's JupyterLab renderer (dates as ISO text)."""
    plain = plain_figure(figure)
    bundle = {"data": plain["data"], "layout": plain["layout"], "config": {"displaylogo": False}}
    return {"output_type": "display_data", "data": {PLOTLY_MIME: bundle, "text/plain": "<Figure>"}, "metadata": {}}
