"""A briefing page bound to its tables, its unit and its language, so a notebook cell reads as one step of
the story (`page.ranking()`) instead of threading `ctx`, `code`, `lang` and column labels through every call.

Each section method displays a heading, a chart or table with its caption and the numbers behind it; the
generic `heading`, `note`, `table` and `chart` methods let an analyst add a section of their own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dtanalysis.analysis import commune_tasks, communes
from dtanalysis.briefings import blocks, charts, context, language, map_shapes, narrative, words
from dtanalysis.briefings.words import check_lang, column_labels, fmt_date, fmt_int, t
from dtanalysis.inputs.schema import TASK_STATUSES


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


def _open_context(data_dir, as_of: str, programme: str, shared_tables: str, previous_as_of: str, deadline: str):
    """Set up the pack's display and return the national context the province and national pages read."""
    blocks.setup()
    return context.open_context(
        data_dir,
        as_of=as_of,
        programme=programme,
        shared_tables=shared_tables,
        previous_as_of=previous_as_of,
        deadline=deadline or context.DEADLINE,
    )


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
        previous_as_of: str = "",
        deadline: str = "",
    ) -> ProvincePage:
        """Return the page of `province`, from the batch's shared tables or built from `data_dir`."""
        ctx = _open_context(data_dir, as_of, programme, shared_tables, previous_as_of, deadline)
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
        if not context.rank_offered(self.ctx, context.rank_name(metric)):
            self.note(t("ranks_not_offered", self.lang) + ".")
        national = self.facts.get("national_completion_pct") if metric == "completion_pct" else None
        self.chart(
            charts.ranking_bar(self.ctx.league, metric, highlight=self.code, national=national, lang=self.lang),
            context.ranking_data(self.ctx, metric),
            caption="ranking",
            name="ranking",
        )
        self.funnel_position("completion")

    def task_progress(self) -> None:
        """Display the tasks per group at the snapshot and the completion rate over the snapshots."""
        if not self._has(self.ctx.groups):
            return self.missing("progress")
        self.heading("progress")
        groups = context.group_data(self.ctx, self.code)
        groups = groups.assign(group=groups["group"].map(lambda g: language.group(g, self.lang)))
        self.chart(charts.group_progress(groups, lang=self.lang), groups, caption="groups", name="task-groups")
        trend = context.trend_data(self.ctx, self.code, self.lang)
        self.chart(charts.snapshot_trend(trend, lang=self.lang), trend, caption="trend", name="task-trend")

    def overdue(self) -> None:
        """Display the overdue watch list, longest overdue first."""
        if self.ctx.overdue is None:
            return self.missing("overdue_watch")
        self.heading("overdue_watch")
        self.note(narrative.caption("overdue", self.lang))
        blocks.show(blocks.state_chips(["overdue"], self.lang))
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
        self.funnel_position("online")

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
        self.targets()

    def targets(self) -> None:
        """Display the province's catalogue indicators that have a target: value, gap, trend and verdict."""
        if self.ctx.targets is None or not self._has(self.ctx.targets):
            return
        self.heading("targets", 3)
        self.note(narrative.caption("targets", self.lang))
        self.table(context.target_data(self.ctx, self.code, self.lang))

    def dvc766(self) -> None:
        """Display the real Decision 766 index of the province: score, rank of 34, the six groups against their
        maxima and the change since the previous published date, marked as real figures with date and source."""
        if self.ctx.dvc766 is None:
            return self.missing("dvc766")
        self.heading("dvc766")
        latest, _ = context.dvc766_as_of(self.ctx)
        blocks.show(blocks.badge(narrative.dvc766_badge(latest, context.dvc766_source(self.ctx), self.lang)))
        self.note(narrative.caption("dvc766_ships", self.lang))
        ranking = context.dvc766_ranking(self.ctx)
        row = ranking.set_index("province_code").loc[self.code].to_dict() | {"province_name": self.name}
        self.cards(narrative.dvc766_cards(row, context.dvc766_national_row(self.ctx), self.lang))
        groups = context.dvc766_groups(self.ctx, self.code, self.lang)
        weakest = groups.sort_values("share_pct").iloc[0]["dvc766_group"]
        self.paragraph(narrative.dvc766_sentence(row, weakest, self.lang))
        self.chart(charts.score_groups(groups, lang=self.lang), groups, caption="dvc766_groups", name="dvc766-groups")
        issues = context.dvc766_audit(self.ctx)
        issues = issues[issues["province_code"] == self.code]
        mine = int((self.ctx.dvc766["province_code"] == self.code).sum())
        self.note(narrative.dvc766_audit_note(mine, len(issues), self.lang, units=1))
        if len(issues):
            self.table(issues)

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

    def communes(self) -> None:
        """Display task progress per commune (sortable table and map), only when the register names communes."""
        progress = context.commune_task_data(self.ctx, self.code)
        if progress is None:
            return  # a register without a commune column: no section at all, not an empty one
        self.heading("commune_tasks")
        self.paragraph(
            narrative.commune_tasks_sentence(progress, context.commune_tasks_unplaced(self.ctx, self.code), self.lang)
        )
        self.note(narrative.caption("commune_tasks", self.lang))
        blocks.show(blocks.sortable_table(progress, self.lang, self.labels))
        without = context.communes_without_tasks(self.ctx, self.code)
        self.chart(
            charts.commune_choropleth(
                progress, self.code, "completion_pct", missing_label=t("no_tasks", self.lang), lang=self.lang
            ),
            progress,
            caption="commune_task_map",
            name="commune-tasks",
        )
        if without:
            self.note(narrative.commune_missing_note(without, self.lang))

    def changes(self) -> None:
        """Display what changed since the previous report: cards, a sentence and the tasks that changed."""
        c = context.changes_facts(self.ctx, self.code) if self.ctx.changes is not None else {}
        if not c:
            return self.missing("changes")
        self.heading("changes")
        lang = self.lang
        if c.get("previous_as_of") is not None:
            since = f"{t('previous_as_of', lang)}: {fmt_date(c['previous_as_of'], lang)}"
            rank = ""
            if c.get("rank_change") is not None:
                change = c["rank_change"]
                rank = f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "±0"
            beyond = ""
            if c.get("rank_change"):
                beyond = t("is_rank_change_meaningful" if c.get("meaningful") else "within_rank_uncertainty", lang)
            if not context.rank_offered(self.ctx, "completion"):
                rank, beyond = "", t("ranks_not_offered_short", lang)
            self.cards(
                [
                    (t("newly_done", lang), fmt_int(c["newly_done"], lang), since),
                    (t("newly_overdue", lang), fmt_int(c["newly_overdue"], lang), since),
                    (t("due_soon", lang), fmt_int(c["due_soon"], lang), ""),
                    (t("difficulties_new", lang), fmt_int(c["difficulties_new"], lang), since),
                    (t("rank_change", lang), rank or "–", beyond),
                ]
            )
        if not context.rank_offered(self.ctx, "completion"):
            c = {**c, "rank_change": None}  # no rank offered, so no rank change told either
        self.paragraph(narrative.changes_sentence(c, lang))
        if self.ctx.changed_tasks is not None and c.get("previous_as_of") is not None:
            self.note(narrative.caption("changed_tasks", lang))
            blocks.show(blocks.state_chips(["done", "on_track", "due_soon", "overdue"], lang))
            self.table(context.changed_task_list(self.ctx, self.code, lang))

    def status_glance(self) -> None:
        """Display the four task states per task group as stacked bars (the "greening" of the register)."""
        if not self._has(self.ctx.states):
            return self.missing("status_glance")
        self.heading("status_glance", 3)
        states = context.state_data(self.ctx, self.code)
        states = states.assign(group=states["group"].map(lambda g: language.group(g, self.lang)))
        self.chart(charts.status_bars(states, "group", lang=self.lang), states, caption="status_groups", name="status")

    def outlook(self) -> None:
        """Display the outlook to the deadline: tasks done so far, the projection band, the needed pace."""
        o = context.outlook_facts(self.ctx, self.code) if self.ctx.outlook is not None else {}
        if not o:
            return self.missing("outlook")
        self.heading("outlook")
        self.paragraph(narrative.outlook_sentence(o, self.lang))
        history = context.outlook_history(self.ctx, self.code)
        behind = pd.DataFrame([o]).drop(columns=["province_code"], errors="ignore")
        self.chart(charts.outlook_chart(history, o, lang=self.lang), behind, caption="outlook", name="outlook")

    def funnel_position(self, metric: str) -> None:
        """Display this unit's place on the `metric` funnel ('online' or 'completion'): every unit grey, this one
        highlighted, the adjusted limits around the rest of the country, and the one-sentence verdict."""
        found = context.funnel_position_data(self.ctx, self.code, metric)
        if found is None:
            return
        rates, curve, row = found
        self.heading(f"funnel_position_{metric}", 3)
        self.paragraph(narrative.funnel_position_sentence(row, metric, self.lang))
        rate, trials = ("online_pct", "dossiers_total") if metric == "online" else ("completion_pct", "assigned")
        self.chart(
            charts.funnel_position(
                rates,
                curve,
                centre=row["comparator_pct"],
                highlight=self.code,
                rate=rate,
                trials=trials,
                centre_label=t("comparator_pct", self.lang),
                lang=self.lang,
            ),
            rates,
            caption=f"funnel_position_{metric}",
            name=f"funnel-{metric}",
        )


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
        previous_as_of: str = "",
        deadline: str = "",
    ) -> NationalPage:
        """Return the national page, from the batch's shared tables or built from `data_dir`."""
        ctx = _open_context(data_dir, as_of, programme, shared_tables, previous_as_of, deadline)
        return cls(ctx, lang)

    def headline(self) -> None:
        """Display the header and the national sentences."""
        self.header(
            t("national_title", self.lang), narrative.subtitle(self.ctx, self.lang), is_sample=self.ctx.is_sample
        )
        self.paragraph(*narrative.national_sentences(self.ctx, self.lang))

    def league(self) -> None:
        """Display the league table and the map of the composite index (completion without weights)."""
        metric = context.map_metric(self.ctx)
        if metric is None:  # neither tasks nor filings: nothing to rank
            return self.missing("league")
        self.heading("league")
        self.note(narrative.caption("league", self.lang))
        hidden = [t(m, self.lang) for m in context.RANKED if not context.rank_offered(self.ctx, context.rank_name(m))]
        if hidden:
            self.note(f"{t('ranks_not_offered', self.lang)}: {', '.join(hidden)}.")
        self.table(context.league_data(self.ctx))
        self.heading("map", 3)
        self.chart(
            charts.choropleth(self.ctx.league, metric, lang=self.lang),
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
        if "trend" in rates:
            units = rates[rates["province_code"] != "00"]
            self.paragraph(narrative.trend_counts_sentence(units["trend"], self.lang))
        self.funnel()
        self.completion_funnel()

    def dvc766(self) -> None:
        """Display the real Decision 766 index of all 34 units ranked, with the change since the previous date."""
        if self.ctx.dvc766 is None:
            return self.missing("dvc766")
        self.heading("dvc766")
        latest, _ = context.dvc766_as_of(self.ctx)
        blocks.show(blocks.badge(narrative.dvc766_badge(latest, context.dvc766_source(self.ctx), self.lang)))
        self.note(narrative.caption("dvc766_ships", self.lang))
        national = context.dvc766_national_row(self.ctx)
        ranking = context.dvc766_ranking(self.ctx)
        self.cards(narrative.dvc766_national_cards(national, ranking, self.lang))
        self.chart(
            charts.score_ranking(ranking, national=national.get("national_total_score_ytd"), lang=self.lang),
            ranking,
            caption="dvc766_ranking",
            name="dvc766-ranking",
        )
        issues = context.dvc766_audit(self.ctx)
        self.note(narrative.dvc766_audit_note(len(self.ctx.dvc766), len(issues), self.lang))
        if len(issues):
            self.table(issues)

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

    def completion_funnel(self) -> None:
        """Display the overdispersion-adjusted funnel plot of task completion (against the tasks assigned)."""
        if self.ctx.completion is None or "completion_vs_rest" not in self.ctx.completion:
            return
        rates, curve, centre = context.completion_funnel_data(self.ctx)
        self.heading("completion_funnel", 3)
        self.note(narrative.funnel_note(rates, self.lang))
        self.chart(
            charts.funnel_plot(rates, curve, centre=centre, rate="completion_pct", trials="assigned", lang=self.lang),
            rates,
            caption="completion_funnel",
            name="completion-funnel",
        )

    def movers(self) -> None:
        """Display the units whose completion rank moved most since their previous report, both ways."""
        if self.ctx.changes is None:
            return self.missing("movers")
        self.heading("movers")
        if not context.rank_offered(self.ctx, "completion"):
            return self.note(t("ranks_not_offered", self.lang) + ".")  # no rank, so no move to list
        national = context.changes_facts(self.ctx, "00")
        self.paragraph(narrative.changes_sentence({**national, "rank_change": None}, self.lang))
        self.note(narrative.caption("movers", self.lang))
        up, down = context.movers_data(self.ctx)
        if not (up["is_rank_change_meaningful"].any() or down["is_rank_change_meaningful"].any()):
            self.note(t("no_meaningful_moves", self.lang))
        self.heading("movers_up", 3)
        self.table(up.drop(columns="province_code"))
        self.heading("movers_down", 3)
        self.table(down.drop(columns="province_code"))

    def outlook(self) -> None:
        """Display the outlook to the deadline per unit and the task status of every unit."""
        if self.ctx.outlook is None:
            return self.missing("outlook")
        self.heading("outlook")
        self.paragraph(narrative.outlook_sentence(context.outlook_facts(self.ctx, "00"), self.lang))
        self.note(narrative.caption("outlook_units", self.lang))
        self.table(context.outlook_units(self.ctx, self.lang))
        self.heading("status_glance", 3)
        units = context.state_units(self.ctx)
        self.chart(
            charts.status_bars(units, "province_name", lang=self.lang), units, caption="status_units", name="status"
        )

    def composite_sensitivity(self) -> None:
        """Display the composite's checks (OECD/JRC 2008): matched windows, units left out for missing metrics,
        the correlation of its metrics and the span of each unit's rank over the sensitivity scenarios."""
        from dtanalysis.analysis.composite import MOVE_PLACES, scenarios

        weights = context.composite_weights(self.ctx)
        if not weights:
            return self.missing("composite_sensitivity")
        self.heading("composite_sensitivity")
        self.paragraph(
            narrative.composite_window_sentence(context.composite_window_facts(self.ctx), self.lang),
            narrative.composite_withheld_sentence(context.composite_withheld(self.ctx), self.lang),
        )
        if len(weights) > 1:
            pairs = context.composite_correlation_data(self.ctx)
            self.heading("composite_correlation", 3)
            self.paragraph(narrative.correlation_sentence(pairs, self.lang))
            named = {c: pairs[c].map(lambda m: t(m, self.lang)) for c in ("metric_a", "metric_b")}
            self.chart(
                charts.correlation_heatmap(pairs, lang=self.lang),
                pairs.assign(**named),
                caption="composite_correlation",
                name="composite-correlation",
            )
        ranks = context.composite_sensitivity_data(self.ctx)
        self.heading("sensitivity_span", 3)
        self.paragraph(narrative.sensitivity_sentence(ranks, len(scenarios(weights)), MOVE_PLACES, self.lang))
        self.chart(
            charts.composite_sensitivity(ranks, lang=self.lang),
            ranks.drop(columns="province_code"),
            caption="composite_sensitivity",
            name="composite-sensitivity",
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
        """Display the commune's monthly online-filing rate against its province, across the 2025 merger."""
        h = self.facts
        trend = communes.commune_trend(self.ctx, self.row)
        self.chart(
            charts.commune_filing_trend(trend, h["slug"], reference_name=h["province_name"], lang=self.lang),
            trend,
            caption="commune_trend",
            name="commune-trend",
        )
        mine = trend[(trend["province_code"] == h["slug"]) & ~trend["is_complete"]]
        months = [words.fmt_month(p, self.lang) for p in mine["period_start"]]
        note = narrative.commune_merger_note(months, list(mine["gap"]), self.lang)
        if note:
            self.note(note)

    def map(self) -> None:
        """Display the commune within its province: every commune coloured by its online-filing rate, this one
        outlined (communes without filings grey)."""
        code = self.row.get("commune_code")
        if code is None or not map_shapes.commune_outlines(str(self.row["province_code"])):
            return
        columns = ["commune_code", "commune", "online_pct", "dossiers_total"]
        near = self.ctx.communes.loc[self.ctx.communes["province_code"] == self.row["province_code"], columns]
        self.chart(
            charts.commune_choropleth(
                near,
                self.row["province_code"],
                "online_pct",
                highlight=code,
                missing_label=t("no_filings", self.lang),
                lang=self.lang,
            ),
            near,
            caption="commune_filing_map",
            name="commune-map",
        )

    def tasks(self) -> None:
        """Display the commune's own tasks (done / assigned, overdue, the list), only when it has any."""
        table = getattr(self.ctx, "tasks", None)
        code = self.row.get("commune_code")
        if table is None or code is None or not (table["commune_code"] == code).any():
            return
        row = table[table["commune_code"] == code].iloc[0]
        self.heading("commune_own_tasks")
        self.paragraph(narrative.commune_own_tasks_sentence(row, self.lang))
        self.note(narrative.caption("commune_task_list", self.lang))
        listing = commune_tasks.commune_tasks(self.ctx.task_list, code)
        listing["status"] = listing["status"].map(lambda s: t(s, self.lang) if s in TASK_STATUSES else s)
        blocks.show(blocks.sortable_table(listing, self.lang, self.labels))
        near = table[table["province_code"] == self.row["province_code"]]
        self.chart(
            charts.commune_choropleth(
                near,
                self.row["province_code"],
                "completion_pct",
                highlight=code,
                missing_label=t("no_tasks", self.lang),
                lang=self.lang,
            ),
            near.drop(columns="province_code"),
            caption="commune_task_map",
            name="commune-tasks-map",
        )
