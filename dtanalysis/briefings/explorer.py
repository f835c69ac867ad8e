"""The explorer behind notebooks/explore.ipynb: province, metric and period controls that redraw plotly
FigureWidgets in place. The callbacks live here, not in the notebook, so a test can drive them."""

from __future__ import annotations

from functools import cache

import pandas as pd
import plotly.graph_objects as go
from ipywidgets import HTML, Dropdown, HBox, Layout, VBox

from dtanalysis.briefings import charts, narrative
from dtanalysis.briefings.blocks import cards, plain_figure
from dtanalysis.briefings.context import Context, build_context, headline, project_weights, province_code, trend_data
from dtanalysis.briefings.export import css
from dtanalysis.briefings.words import fmt_date, t
from dtanalysis.inputs.loader import Bundle, load

METRICS = ("completion_pct", "overdue_pct", "online_pct", "full_online_pct", "composite_index")
TASK_METRICS = ("completion_pct", "overdue_pct")


class Explorer:
    """Three dropdowns (province, metric, report date) driving a ranking chart and a trend chart."""

    def __init__(
        self,
        bundle: Bundle,
        *,
        lang: str = "vi",
        province: str = "40",
        weights: dict[str, float] | None = None,
        programme: str = "NQ57",
    ):
        self.bundle, self.lang, self.weights, self.programme = bundle, lang, weights, programme
        self._contexts: dict[pd.Timestamp, Context] = {}
        snapshots = sorted(bundle.tasks.loc[bundle.tasks["programme"] == programme, "as_of"].unique())
        latest = self.context(snapshots[-1])
        units = latest.league[["province_code", "province_name"]].sort_values("province_name")
        wide = Layout(width="auto")
        labels = {"description_width": "initial"}  # the whole label, never cut off
        self.province = Dropdown(
            description=t("province", lang),
            value=province,
            layout=wide,
            style=labels,
            options=[(name, code) for code, name in units.itertuples(index=False)],
        )
        self.metric = Dropdown(
            description=t("value", lang),
            value="completion_pct",
            layout=wide,
            style=labels,
            options=[(t(m, lang), m) for m in METRICS if m in latest.league],
        )
        self.period = Dropdown(
            description=t("as_of", lang),
            value=snapshots[-1],
            layout=wide,
            style=labels,
            options=[(fmt_date(s, lang), s) for s in snapshots],
        )
        self.summary = HTML()
        self.ranking = go.FigureWidget()
        self.trend = go.FigureWidget()
        for control in (self.province, self.metric, self.period):
            control.observe(self._changed, names="value")
        self.refresh()

    @classmethod
    def open(cls, data_dir: str, *, province: str = "Nghệ An", lang: str = "vi", programme: str = "NQ57") -> Explorer:
        """Return an explorer of the data in `data_dir`, showing `province` (any spelling or code) first."""
        return cls(
            load(data_dir),
            lang=lang,
            province=province_code(province),
            weights=project_weights(data_dir),
            programme=programme,
        )

    @property
    def widget(self) -> VBox:
        """Return the whole explorer, ready to display."""
        return VBox([HBox([self.province, self.metric, self.period]), self.summary, self.ranking, self.trend])

    def context(self, as_of) -> Context:
        """Return the national tables at one report date (computed once per date)."""
        key = pd.Timestamp(as_of)
        if key not in self._contexts:
            self._contexts[key] = build_context(
                self.bundle, as_of=key.date(), programme=self.programme, weights=self.weights
            )
        return self._contexts[key]

    def _changed(self, change) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw both figures and the headline cards for the current control values."""
        ctx = self.context(self.period.value)
        code, metric, lang = self.province.value, self.metric.value, self.lang
        h = headline(ctx, code)
        self.summary.value = card_styles() + cards(narrative.cards(h, lang))
        national = (
            h.get("national_completion_pct")
            if metric == "completion_pct"
            else (h.get("national_online_pct") if metric == "online_pct" else None)
        )
        _replace(self.ranking, charts.ranking_bar(ctx.league, metric, highlight=code, national=national, lang=lang))
        if metric in TASK_METRICS and ctx.trend is not None:
            trend = charts.snapshot_trend(trend_data(ctx, code, lang), lang=lang)
        else:
            trend = charts.filing_trend(ctx.monthly, code, lang=lang)
        _replace(self.trend, trend)

    def __repr__(self) -> str:
        return f"Explorer(province={self.province.value!r}, metric={self.metric.value!r}, period={self.period.value})"


@cache
def card_styles() -> str:
    """Return the packs' card styles as a <style> block (JupyterLab does not load the packs' stylesheet)."""
    rules = [line for line in css().splitlines() if line.startswith((":root", ".dt-card"))]
    return "<style>" + "\n".join(rules).replace(":root", ".dt-cards") + "</style>"  # variables kept to the cards


def _replace(widget: go.FigureWidget, figure: go.Figure) -> None:
    """Swap a FigureWidget's traces and layout for those of `figure`, in one update, with data strings made
    inert for plotly's pseudo-HTML exactly as in the packs."""
    plain = plain_figure(figure)  # dates as ISO text, not integers
    for part in ("shapes", "annotations"):  # a reference line or label of the previous view must not linger
        plain["layout"].setdefault(part, [])
    with widget.batch_update():
        widget.data = ()
        widget.add_traces(plain["data"])
        widget.layout = plain["layout"]
