"""The explorer behind notebooks/explore.ipynb: province, metric and period controls that redraw plotly
FigureWidgets in place. The callbacks live here, not in the notebook, so a test can drive them."""

from __future__ import annotations

import shlex

import pandas as pd
import plotly.graph_objects as go
from ipywidgets import HTML, Dropdown, HBox, Layout, VBox

from dtanalysis.briefings import charts, narrative
from dtanalysis.briefings.blocks import cards, esc, table
from dtanalysis.briefings.context import Context, build_context, headline, project_weights, province_code, trend_data
from dtanalysis.briefings.widgets import FigureWidget, card_styles, drawn
from dtanalysis.briefings.words import fmt_date, t
from dtanalysis.inputs.loader import Bundle, load

METRICS = ("completion_pct", "overdue_pct", "online_pct", "full_online_pct", "composite_index")
TASK_METRICS = ("completion_pct", "overdue_pct")
COMPARISON = "#2f6db5"  # the second province, beside the accent-coloured first


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
        data_dir: str | None = None,
        communes_dir: str | None = None,
    ):
        from dtanalysis.briefings.explorer_communes import CommuneView

        self.bundle, self.lang, self.weights, self.programme = bundle, lang, weights, programme
        self.data_dir = data_dir
        self.communes_dir = communes_dir or None  # commune-level filings, when not in the data folder itself
        self._commune_filings: list = []  # computed once, when the communes are first opened
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
        self.compare = Dropdown(  # a second province beside the first, in the ranking and on the trend
            description=t("compare_with", lang),
            value=None,
            layout=wide,
            style=labels,
            options=[(t("no_comparison", lang), None)] + [(name, code) for code, name in units.itertuples(index=False)],
        )
        self.category = Dropdown(  # drill from a difficulty category to the statements behind it
            description=t("category", lang), layout=wide, style=labels, options=_categories(latest, lang)
        )
        self.statements = HTML()
        self.category.observe(self._drill, names="value")
        self._drill()
        self.summary = HTML()
        self.parameters = HTML()  # the current choices as the briefing they build (copy and paste)
        self.ranking: FigureWidget | None = None
        self.trend: FigureWidget | None = None
        self.figures = VBox()  # the ranking and the trend; each change puts two new, fully drawn widgets here
        self.communes = CommuneView(lang, self.commune_filings, self._show_parameters)
        for control in (self.province, self.metric, self.period, self.compare):
            control.observe(self._changed, names="value")
        self.refresh()

    @classmethod
    def open(
        cls,
        data_dir: str,
        *,
        province: str = "Nghệ An",
        lang: str = "vi",
        programme: str = "NQ57",
        communes_dir: str = "",
    ) -> Explorer:
        """Return an explorer of the data in `data_dir`, showing `province` (any spelling or code) first; its
        communes' filings come from `communes_dir` when given, else from `data_dir`'s commune-level rows."""
        return cls(
            load(data_dir),
            lang=lang,
            province=province_code(province),
            weights=project_weights(data_dir),
            programme=programme,
            data_dir=str(data_dir),
            communes_dir=str(communes_dir) if communes_dir else None,
        )

    @property
    def widget(self) -> VBox:
        """Return the whole explorer, ready to display."""
        return VBox(
            [
                HBox([self.province, self.metric, self.period, self.compare]),
                self.summary,
                self.figures,
                self.communes.box,
                self.category,
                self.statements,
                self.parameters,
            ]
        )

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

    def _drill(self, change=None) -> None:
        statements = self.context(self.period.options[-1][1]).statements
        if statements is None or self.category.value is None:
            self.statements.value = ""
            return
        rows = category_statements(statements, self.category.value)
        labels = {"province_name": t("province", self.lang), "reported_on": t("reported_on", self.lang)}
        labels["text"] = t("statement", self.lang)
        self.statements.value = card_styles() + table(rows, self.lang, labels)

    def refresh(self) -> None:
        """Redraw both figures and the headline cards for the current control values."""
        ctx = self.context(self.period.value)
        code, metric, lang = self.province.value, self.metric.value, self.lang
        h = headline(ctx, code)
        self.summary.value = card_styles() + cards(narrative.cards(h, lang))
        self._province_name = str(h.get("province_name") or code)
        self.communes.show(ctx, code, self._province_name)
        self._show_parameters()
        national = (
            h.get("national_completion_pct")
            if metric == "completion_pct"
            else (h.get("national_online_pct") if metric == "online_pct" else None)
        )
        ranking = charts.ranking_bar(ctx.league, metric, highlight=code, national=national, lang=lang)
        other = self.compare.value if self.compare.value != code else None
        if metric in TASK_METRICS and ctx.trend is not None:
            series = trend_data(ctx, code, lang)
            if other:
                theirs = trend_data(ctx, other, lang)
                series = pd.concat([series, theirs[~theirs["series"].isin(series["series"])]], ignore_index=True)
            trend = charts.snapshot_trend(series, lang=lang)
        else:
            trend = charts.filing_trend(ctx.monthly, code, lang=lang)
        if other:
            with_comparison(ranking, trend, ctx, other, metric)
        self._swap(ranking, trend)

    def commune_filings(self):
        """Return the commune-level filing tables (`communes.CommuneContext`), or None when there are none."""
        if not self._commune_filings:
            from dtanalysis.analysis.communes import commune_context

            source = load(self.communes_dir) if self.communes_dir else self.bundle
            filings = source.filings
            has = filings is not None and bool((filings["level"] == "commune").any())
            self._commune_filings.append(commune_context(source) if has else None)
        return self._commune_filings[0]

    def _show_parameters(self) -> None:
        # the chosen commune's briefing when one is chosen (and has filings), else the province's
        row = self.communes.chosen if self.communes.opened.value else None
        if row is not None and pd.notna(row.get("slug")):
            chosen = commune_parameters(
                commune=str(row["slug"]), lang=self.lang, data_dir=self.communes_dir or self.data_dir
            )
        else:
            chosen = briefing_parameters(
                province=self._province_name,
                as_of=self.period.value,
                lang=self.lang,
                programme=self.programme,
                data_dir=self.data_dir,
            )
        self.parameters.value = parameters_html(chosen)

    def _swap(self, ranking: go.Figure, trend: go.Figure) -> None:
        # Edits sent to a FigureWidget already in JupyterLab were seen lost (an empty or stale chart), so
        # each view gets new widgets whose figure travels in their opening message (see FigureWidget).
        old = [w for w in (self.ranking, self.trend) if w is not None]
        self.ranking, self.trend = drawn(ranking), drawn(trend)
        self.figures.children = (self.ranking, self.trend)
        for widget in old:
            widget.close()

    def __repr__(self) -> str:
        return f"Explorer(province={self.province.value!r}, metric={self.metric.value!r}, period={self.period.value})"


def briefing_parameters(*, province: str, as_of, lang: str, programme: str, data_dir: str | None) -> dict[str, str]:
    """Return the province_briefing notebook's parameters for these choices (as papermill takes them)."""
    chosen = {"province": str(province), "as_of": pd.Timestamp(as_of).date().isoformat(), "lang": lang}
    chosen["programme"] = programme
    if data_dir:
        chosen["data_dir"] = str(data_dir)
    return chosen


def commune_parameters(*, commune: str, lang: str, data_dir: str | None) -> dict[str, str]:
    """Return the commune_briefing notebook's parameters for a commune (its slug 'province/commune')."""
    chosen = {"commune": commune, "lang": lang}
    if data_dir:
        chosen["data_dir"] = str(data_dir)
    return chosen


def parameters_block(chosen: dict[str, str]) -> str:
    """Return `chosen` as a papermill parameters block (YAML, for `papermill -f` or a --params file)."""
    return "\n".join(f"{name}: {_yaml_text(value)}" for name, value in chosen.items())


def briefing_command(chosen: dict[str, str]) -> str:
    """Return the `dtanalysis briefings` command line that builds the briefing of `chosen` (a province's, or a
    commune's when `chosen` names one)."""
    words = ["dtanalysis", "briefings"]
    if "commune" in chosen:
        words += ["--level", "commune"]
    if "data_dir" in chosen:
        words += ["--data", chosen["data_dir"]]
    if "commune" in chosen:
        words += ["--commune", chosen["commune"], "--lang", chosen["lang"]]
        return " ".join(shlex.quote(w) for w in words)
    words += ["--province", chosen["province"], "--as-of", chosen["as_of"], "--lang", chosen["lang"]]
    words += ["-p", "programme", chosen["programme"]]
    return " ".join(shlex.quote(w) for w in words)


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parameters_html(chosen: dict[str, str]) -> str:
    """Return the parameters block and the command line as copyable, escaped <pre> blocks."""
    block, command = esc(parameters_block(chosen)), esc(briefing_command(chosen))
    return (
        f'<div class="dt-params"><pre class="dt-params-block">{block}</pre>'
        f'<pre class="dt-params-command">{command}</pre></div>'
    )


def with_comparison(ranking: go.Figure, trend: go.Figure, ctx: Context, other: str, metric: str) -> None:
    """Mark province `other` beside the chosen one: its bar in the comparison colour, its line on the trend
    (the monthly filing rate for filing metrics; the task trend already carries it)."""
    bar = ranking.data[0]
    names = list(bar.y)
    name = ctx.league.loc[ctx.league["province_code"].astype(str) == other, "province_name"]
    if not name.empty and name.iloc[0] in names:
        colours = list(bar.marker.color)
        colours[names.index(name.iloc[0])] = COMPARISON
        bar.marker.color = colours
    if metric not in TASK_METRICS and ctx.monthly is not None:
        rows = ctx.monthly[ctx.monthly["province_code"].astype(str) == other].sort_values("period_start")
        rate = metric if metric in rows else "online_pct"
        if not rows.empty and rate in rows:
            trend.add_trace(
                go.Scatter(
                    x=pd.to_datetime(rows["period_start"]),
                    y=rows[rate].astype(float),
                    mode="lines+markers",
                    name=str(rows["province_name"].iloc[0]),
                    line=dict(color=COMPARISON, width=2.2),
                    marker=dict(size=5, color=COMPARISON),
                )
            )


def category_statements(statements: pd.DataFrame, category: str) -> pd.DataFrame:
    """Return the statements classified in `category`: province, date and text, newest first."""
    rows = statements.loc[statements["category"] == category, ["province_name", "reported_on", "text"]]
    rows = rows.sort_values(["reported_on", "province_name"], ascending=[False, True], kind="stable")
    return rows.reset_index(drop=True)


def _categories(ctx: Context, lang: str) -> list[tuple[str, str]]:
    if ctx.difficulty_frequency is None:
        return []
    label = f"label_{lang}"
    return [
        (f"{row[label]} ({row['statements']})", row["category"])
        for row in ctx.difficulty_frequency.to_dict("records")
        if row["statements"]
    ]
