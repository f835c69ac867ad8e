"""A briefing page bound to its tables, its unit and its language, so a notebook cell reads as one step of
the story (`page.ranking()`) instead of threading `ctx`, `code`, `lang` and column labels through every call.

Each section method displays a heading, a chart or table with its caption and the numbers behind it; the
generic `heading`, `note`, `table` and `chart` methods let an analyst add a section of their own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dtanalysis.analysis import communes
from dtanalysis.briefings import blocks, charts, context, narrative
from dtanalysis.briefings.words import check_lang, column_labels, t


class Page:
    """Display helpers that know the page's language and column labels."""

    def __init__(self, lang: str):
        self.lang = check_lang(lang)
        self.labels = column_labels(self.lang)

    def heading(self, key: str, level: int = 2) -> None:
        """Display the section heading named by a words key ('ranking', 'online_filing', ...)."""
        blocks.show(blocks.heading(t(key, self.lang), level))

    def note(self, text: str) -> None:
        """Display a muted note."""
        blocks.show(blocks.note(text))

    def paragraph(self, *sentences: str) -> None:
        """Display a paragraph of narrative sentences."""
        blocks.show(blocks.paragraph(*sentences))

    def table(self, frame: pd.DataFrame) -> None:
        """Display `frame` as a table, or a 'no data' note when it is empty."""
        blocks.show(
            blocks.table(frame, self.lang, self.labels) if len(frame) else blocks.note(t("missing_data", self.lang))
        )

    def chart(self, fig, data: pd.DataFrame, *, caption: str, name: str) -> None:
        """Display a figure with the caption of section `caption` above it and the numbers behind it below."""
        blocks.chart(
            fig, data, caption=narrative.caption(caption, self.lang), name=name, lang=self.lang, labels=self.labels
        )

    def missing(self, heading: str) -> None:
        """Display a section's heading with a note that the data folder holds nothing for it."""
        self.heading(heading)
        self.note(t("no_section_data", self.lang))

    def cards(self, items: list[tuple[str, str, str]]) -> None:
        """Display headline cards from (label, value, detail) triples."""
        blocks.show(blocks.cards(items))

    def header(self, title: str, subtitle: str, *, is_sample: bool) -> None:
        """Display the page header (with the synthetic-data banner when `is_sample`)."""
        blocks.show(blocks.header(title, subtitle, is_sample=is_sample, lang=self.lang))


class ProvincePage(Page):
    """One province's briefing: every section of the province pack, computed from the national tables."""

    def __init__(self, ctx: context.Context, province: str, lang: str = "vi"):
        super().__init__(lang)
        self.ctx = ctx
        self.code = context.require_unit(ctx, province)
        self.facts = context.headline(ctx, self.code)

    @classmethod
    def open(
        cls,
        data_dir: str | Path,
        province: str,
        *,
        lang: str = "vi",
        as_of: str = "",
        programme: str = "NQ57",
        shared_tables: str = "",
    ) -> ProvincePage:
        """Return the page of `province`, from the batch's shared tables or built from `data_dir`."""
        blocks.setup()
        ctx = context.open_context(data_dir, as_of=as_of, programme=programme, shared_tables=shared_tables)
        return cls(ctx, province, lang)

    @property
    def name(self) -> str:
        """The province's name."""
        return self.facts["province_name"]

    def headline(self) -> None:
        """Display the header, the headline cards and the opening sentences."""
        h, lang = self.facts, self.lang
        self.header(
            f"{h['province_name']} — {t('briefing_title', lang)}",
            narrative.subtitle(self.ctx, lang),
            is_sample=self.ctx.is_sample,
        )
        self.heading("headline")
        self.cards(narrative.cards(h, lang))
        self.paragraph(
            narrative.completion_sentence(h, lang),
            narrative.online_sentence(h, lang),
            narrative.difficulty_sentence(h, lang),
        )

    def _has(self, table: pd.DataFrame | None) -> bool:
        """Whether `table` holds rows for this province (sections without any are marked, not drawn)."""
        return table is not None and bool((table["province_code"] == self.code).any())

    def ranking(self, metric: str = "completion_pct") -> None:
        """Display the ranking of the 34 units on `metric` (completion, else online filing) with this one highlighted."""
        league = self.ctx.league
        metric = next(
            (m for m in (metric, "completion_pct", "online_pct") if m in league and league[m].notna().any()), None
        )
        if metric is None:
            return self.missing("ranking")
        self.heading("ranking")
        national = self.facts.get("national_completion_pct") if metric == "completion_pct" else None
        self.chart(
            charts.ranking_bar(self.ctx.league, metric, highlight=self.code, national=national, lang=self.lang),
            context.ranking_data(self.ctx, metric),
            caption="ranking",
            name="ranking",
        )

    def task_progress(self) -> None:
        """Display the tasks per group at the snapshot and the completion rate over the snapshots."""
        if not self._has(self.ctx.groups):
            return self.missing("progress")
        self.heading("progress")
        groups = context.group_data(self.ctx, self.code)
        self.chart(charts.group_progress(groups, lang=self.lang), groups, caption="groups", name="task-groups")
        trend = context.trend_data(self.ctx, self.code, self.lang)
        self.chart(charts.snapshot_trend(trend, lang=self.lang), trend, caption="trend", name="task-trend")

    def overdue(self) -> None:
        """Display the overdue watch list, longest overdue first."""
        if self.ctx.overdue is None:
            return self.missing("overdue_watch")
        self.heading("overdue_watch")
        self.note(narrative.caption("overdue", self.lang))
        self.table(context.overdue_data(self.ctx, self.code))

    def difficulties(self) -> None:
        """Display the difficulties this province reports against their national frequency."""
        if self.ctx.difficulties is None:
            return self.missing("difficulties")
        self.heading("difficulties")
        profile = context.difficulty_data(self.ctx, self.code)
        self.chart(
            charts.difficulty_profile(profile, lang=self.lang), profile, caption="difficulties", name="difficulties"
        )

    def online_filing(self, target_pct: float = 0.0) -> None:
        """Display the monthly online-filing rate across the merger against the nation and the target."""
        if not self._has(self.ctx.monthly):
            return self.missing("online_filing")
        self.heading("online_filing")
        target = context.filing_target(target_pct)
        self.chart(
            charts.filing_trend(self.ctx.monthly, self.code, target=target, lang=self.lang),
            context.filing_data(self.ctx, self.code),
            caption="filing",
            name="online-filing",
        )
        self.paragraph(narrative.trend_sentence(context.filing_trend(self.ctx, self.code), self.lang))
        self.note(narrative.merger_note(context.old_units(self.code), self.lang))

    def indicators(self) -> None:
        """Display the province's other indicators against the national minimum, median and maximum."""
        summary = context.indicator_data(self.ctx, self.code, self.lang) if self.ctx.indicators is not None else None
        if summary is None or summary.empty:
            return self.missing("other_indicators")
        self.heading("other_indicators")
        self.chart(
            charts.indicator_ranges(summary, province_name=self.name, lang=self.lang),
            summary,
            caption="indicators",
            name="indicators",
        )

    def published(self) -> None:
        """Display the figures published about the province with their sources and audit."""
        self.heading("published")
        self.note(narrative.caption("published", self.lang))
        self.table(context.published_data(self.ctx, self.code, self.lang))

    def definitions(self) -> None:
        """Display the definitions of indicators and methods, and the input files."""
        self.heading("definitions")
        self.table(context.definitions(self.lang))
        self.table(context.sources(self.ctx))


class NationalPage(Page):
    """The national overview: league table, map, difficulty frequency, online-filing rates, data quality."""

    def __init__(self, ctx: context.Context, lang: str = "vi"):
        super().__init__(lang)
        self.ctx = ctx

    @classmethod
    def open(
        cls,
        data_dir: str | Path,
        *,
        lang: str = "vi",
        as_of: str = "",
        programme: str = "NQ57",
        shared_tables: str = "",
    ) -> NationalPage:
        """Return the national page, from the batch's shared tables or built from `data_dir`."""
        blocks.setup()
        return cls(context.open_context(data_dir, as_of=as_of, programme=programme, shared_tables=shared_tables), lang)

    def headline(self) -> None:
        """Display the header and the national sentences."""
        self.header(
            t("national_title", self.lang), narrative.subtitle(self.ctx, self.lang), is_sample=self.ctx.is_sample
        )
        self.paragraph(*narrative.national_sentences(self.ctx, self.lang))

    def league(self) -> None:
        """Display the league table and the map of the composite index (completion without weights)."""
        self.heading("league")
        self.note(narrative.caption("league", self.lang))
        self.table(context.league_data(self.ctx))
        self.heading("map", 3)
        self.chart(
            charts.choropleth(self.ctx.league, context.map_metric(self.ctx), lang=self.lang),
            context.league_data(self.ctx),
            caption="map",
            name="composite-map",
        )

    def difficulties(self) -> None:
        """Display how many provinces report each difficulty."""
        if self.ctx.difficulty_frequency is None:
            return self.missing("difficulties")
        self.heading("difficulties")
        frequency = context.national_difficulties(self.ctx)
        self.chart(
            charts.difficulty_profile(frequency, lang=self.lang),
            frequency,
            caption="frequency",
            name="difficulty-frequency",
        )

    def online_distribution(self) -> None:
        """Display the recent online-filing rate of every unit with its interval."""
        if self.ctx.online_recent is None:
            return self.missing("distribution")
        self.heading("distribution")
        rates = context.online_data(self.ctx)
        self.chart(charts.rate_distribution(rates, lang=self.lang), rates, caption="distribution", name="online-filing")
        self.funnel()

    def data_quality(self) -> None:
        """Display what was loaded and what was missing, and the input files."""
        self.heading("data_quality")
        self.table(context.quality_table(self.ctx, self.lang))
        self.table(context.sources(self.ctx))

    def funnel(self) -> None:
        """Display the overdispersion-adjusted funnel plot of the recent online-filing rates."""
        rates, curve, centre = context.funnel_data(self.ctx)
        self.heading("funnel", 3)
        self.note(narrative.funnel_note(rates, self.lang))
        self.chart(
            charts.funnel_plot(rates, curve, centre=centre, lang=self.lang), rates, caption="funnel", name="funnel"
        )


class CommunePage(Page):
    """One commune's online-filing briefing: its rate against its province, its rank and its trend."""

    def __init__(self, ctx: communes.CommuneContext, commune: str, province: str | None = None, lang: str = "vi"):
        super().__init__(lang)
        self.ctx = ctx
        self.row = communes.find_commune(ctx, commune, province or None)
        self.facts = communes.headline(ctx, self.row)

    @classmethod
    def open(
        cls, data_dir: str | Path, commune: str, *, province: str = "", lang: str = "vi", shared_tables: str = ""
    ) -> CommunePage:
        """Return the commune's page, from the batch's shared tables or built from `data_dir`."""
        blocks.setup()
        return cls(context.open_commune_context(data_dir, shared_tables=shared_tables), commune, province, lang)

    def headline(self) -> None:
        """Display the header, the headline cards and the opening sentence."""
        h = self.facts
        self.header(
            f"{h['commune']} ({h['province_name']}) — {t('briefing_title', self.lang)}",
            t("online_filing", self.lang),
            is_sample=self.ctx.is_sample,
        )
        self.cards(narrative.commune_cards(h, self.lang))
        self.paragraph(narrative.commune_sentence(h, self.lang))

    def ranking(self) -> None:
        """Display the commune among the communes ranked just above and below it in its province."""
        h = self.facts
        near = communes.neighbours(self.ctx, self.row)
        self.chart(
            charts.ranking_bar(
                near,
                "online_pct",
                highlight=h["slug"],
                national=h["province_pct"],
                low="ci95_low_pct",
                high="ci95_high_pct",
                reference_name=h["province_name"],
                lang=self.lang,
            ),
            near,
            caption="commune_rank",
            name="commune-rank",
        )

    def trend(self) -> None:
        """Display the commune's monthly online-filing rate against its province."""
        h = self.facts
        trend = communes.commune_trend(self.ctx, self.row)
        self.chart(
            charts.filing_trend(trend, h["slug"], reference_name=h["province_name"], lang=self.lang),
            trend,
            caption="commune_trend",
            name="commune-trend",
        )
