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

import sys as _sys

# jsonschema (through nbformat) imports rfc3987_syntax when it is installed, only to check the "iri" string
# formats that no notebook schema uses, and that import builds a grammar costing 0.7 s or more of every
# batch's start-up. Marking it absent before nbformat is imported makes jsonschema skip that one checker.
if "rfc3987_syntax" not in _sys.modules and "jsonschema" not in _sys.modules:
    _sys.modules["rfc3987_syntax"] = None
