"""Reading and checking the files offices send: the schema of every dataset (schema), file readers for
CSV/Excel/Parquet (readers), value parsers for dates, periods, numbers and statuses (parse), the rule
checks (validate), the reference tables shipped in `dtanalysis/reference_data` (reference), province
resolution across the 2025 merger (provinces), record-level dossiers through DuckDB (dossiers), and the
loader that turns a data folder into a typed, validated `Bundle` (loader) with its terminal report
(problem_report).

May import: dtanalysis.common. Never the analysis, the briefings or the sample generator.
"""
