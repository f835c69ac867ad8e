"""The analysis: pure functions from loaded tables to result tables. Task completion (completion),
ranks, tiers, plausible rank ranges and the composite index (ranking), the 34-unit league table
(league), online-filing rates with intervals (filing), shares and Wilson intervals (stats), the
63 → 34 merger roll-up (merger), the difficulty classifier and frequencies (difficulties), the audit of
published percentages (audit), commune-level filing (communes) and the tables of `dtanalysis tables`
(tables).

May import: dtanalysis.inputs and dtanalysis.common. Never the briefings, the sample generator, plotly,
nbconvert, papermill or IPython: the analysis runs (and is tested) without any notebook machinery.
"""
