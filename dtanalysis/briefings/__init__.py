"""Briefings: everything that turns the analysis into what people read.

- what a pack shows: the national tables computed once and sliced per unit (context), sentences and
  captions (narrative), the vi/en words and number formats (words), plotly figures (charts) and the
  simplified map (map_shapes), HTML blocks (blocks), and the page objects the notebooks call (page);
- how packs are made: notebook parameters (parameters), one notebook run and its outputs (jobs), the
  in-process kernel (engine), HTML export (export), warm worker processes (pool), the local and Dask
  executors (local, cluster), planning (plan), the manifest (manifest), the batch (batch) and its
  index page (index_page);
- the interactive explorer for JupyterLab (explorer).

May import: dtanalysis.analysis, dtanalysis.inputs, dtanalysis.common, and the notebook libraries.
"""
