"""Reading and checking the files offices send.

- what a file is and how to decode it, with the limits every reader keeps (formats); every sheet of a
  workbook with what Excel hides (sheets); the table inside an office "Biểu" layout: title rows, two-row
  headers, totals and signature rows (layout); wide month-per-column sheets reshaped to rows (wide); which
  file holds which dataset, by name, by columns or by a `dtanalysis.yaml` beside the data (mapping); CSV,
  Excel and Parquet readers (readers);
- the schema of every dataset (schema), value parsers for dates, periods, numbers and statuses (parse), the
  rule checks (validate), and the loader that turns a data folder into a typed, validated `Bundle` (loader)
  with its terminal report (problem_report); record-level dossiers through DuckDB (dossiers);
- the reference tables shipped in `dtanalysis/reference_data` (reference), province resolution across the
  2025 merger (provinces), and YAML settings read with limits (settings).

May import: dtanalysis.common. Never the analysis, the briefings or the sample generator.
"""
