"""Run notebooks with papermill in a fresh IPython shell inside an already-warm worker process.

A cold Jupyter kernel per province spends most of its time starting Python and importing pandas and
plotly. Here a worker process imports them once; papermill then executes each notebook through its engine
API (`InProcessEngine`, registered as papermill's ``dtanalysis`` engine): papermill still reads, parameterises,
times and marks the notebook, writes the executed copy and raises for a failed cell, while the cells run in a
brand-new IPython shell — a fresh namespace — whose displays, results, prints and errors become the cell's
outputs as nbclient would make them from a kernel's messages. There is no kernel, no message session and no
event loop between a cell and its outputs.
"""

from __future__ import annotations

import atexit
import builtins
import getpass
import io
import platform
import sys
from pathlib import Path

import IPython.core.completer  # noqa: F401  (imported before any shell: see _release)
import nbformat
import papermill
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.error import StdinNotImplementedError
from IPython.core.interactiveshell import InteractiveShell
from jupyter_client.session import json_packer, json_unpacker
from papermill.engines import Engine, papermill_engines
from papermill.iorw import papermill_io
from traitlets import Type
from traitlets.config import Config

from dtanalysis.common.files import write_text_atomic

ENGINE = "dtanalysis"  # papermill's name for `InProcessEngine`
ATOMIC = "file+atomic://"  # papermill output paths under this scheme are written by `AtomicFile`
LANGUAGE_INFO = {  # what ipykernel reports, recorded in the executed notebook as nbclient does
    "name": "python",
    "version": platform.python_version(),
    "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": 3},
    "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python",
    "file_extension": ".py",
}


class AtomicFile:
    """papermill's I/O for `ATOMIC` + an absolute path: the executed notebook written once, atomically.

    papermill serialises the executed notebook at the end of every run, and throws the text away when there
    is no output path; written through here, that one serialisation is the notebook file itself.
    """

    @staticmethod
    def write(buf: str, path: str) -> None:
        write_text_atomic(Path(path.removeprefix(ATOMIC)), buf)

    @staticmethod
    def pretty_path(path: str) -> str:
        return path.removeprefix(ATOMIC)

    @staticmethod
    def read(path: str) -> str:
        raise NotImplementedError(f"{ATOMIC} paths are written, not read")

    @staticmethod
    def listdir(path: str) -> list[str]:
        raise NotImplementedError(f"{ATOMIC} paths are written, not listed")


papermill_io.register(ATOMIC, AtomicFile())


def _message(content):
    """Return `content` as a kernel message carries it: through jupyter_client's own JSON packer (numpy
    numbers and dates converted, the same warning for what JSON cannot hold) — a snapshot, so a figure the
    notebook changes after showing it stays as it was shown."""
    return json_unpacker(json_packer(content))


class _Outputs:
    """The outputs of the cell running now, kept as nbclient keeps a kernel's messages: in the order they
    happened, consecutive writes to one stream joined, `clear_output` and display updates honoured."""

    def __init__(self):
        self.cell: list = []
        self.displays: dict[str, list] = {}  # display_id → the outputs showing it (any cell of the notebook)
        self.clear_before_next = False

    def add(self, output: nbformat.NotebookNode) -> None:
        if self.clear_before_next:
            self.cell.clear()
            self.clear_before_next = False
        self.cell.append(output)

    def stream(self, name: str, text: str) -> None:
        last = self.cell[-1] if self.cell and not self.clear_before_next else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.add(nbformat.NotebookNode(output_type="stream", name=name, text=text))

    def display(self, data: dict, metadata: dict | None, transient: dict | None, update: bool) -> None:
        shown = _message({"data": data, "metadata": metadata or {}})
        display_id = (transient or {}).get("display_id")
        if update:  # update_display_data: every output showing that display changes, nothing is added
            for output in self.displays.get(display_id, []):
                output.data, output.metadata = shown["data"], shown["metadata"]
            return
        output = nbformat.NotebookNode(output_type="display_data", **shown)
        self.add(output)
        if display_id:
            self.displays.setdefault(display_id, []).append(output)

    def clear(self, wait: bool) -> None:
        if wait:
            self.clear_before_next = True
        else:
            self.cell.clear()


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr while a cell runs: what is written becomes the cell's stream output."""

    encoding = "utf-8"

    def __init__(self, outputs: _Outputs, name: str):
        self.outputs, self.name = outputs, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self.outputs.stream(self.name, text)
        return len(text)


class _Publisher(DisplayPublisher):
    """`display(...)` in a cell: a display_data output (ipykernel sends it as a message)."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        self.shell.outputs.display(data, metadata, transient, update)

    def clear_output(self, wait=False) -> None:
        self.shell.outputs.clear(wait)


class _ResultHook(DisplayHook):
    """A cell's last expression: an execute_result output (as ipykernel's display hook sends it)."""

    def start_displayhook(self) -> None:
        self._is_active, self.shown = True, None

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.shown = _message({"data": format_dict, "metadata": md_dict or {}})

    def finish_displayhook(self) -> None:
        if self.shown is not None:
            result = nbformat.NotebookNode(output_type="execute_result", execution_count=self.prompt_count)
            result.update(self.shown)
            self.shell.outputs.add(result)
        self._is_active = False


def _no_input(prompt: str = "", *args, **kwargs) -> str:
    raise StdinNotImplementedError(f"input({prompt!r}) was called, but a batch run cannot ask for input")


class NotebookShell(InteractiveShell):
    """An IPython shell whose displays, results, tracebacks and prints are the running cell's outputs."""

    display_pub_class = Type(_Publisher)
    displayhook_class = Type(_ResultHook)

    def __init__(self, **kwargs):
        self.outputs = _Outputs()
        super().__init__(**kwargs)

    def init_virtualenv(self) -> None:
        pass  # as in ipykernel's shell: no virtualenv warning, the worker's interpreter is the notebook's

    def _showtraceback(self, etype, evalue, stb) -> None:
        self.outputs.add(
            nbformat.NotebookNode(output_type="error", ename=str(etype.__name__), evalue=str(evalue), traceback=stb)
        )

    def run(self, cell: nbformat.NotebookNode) -> bool:
        """Run one code cell, its outputs replacing the old ones; return False when it failed (an error the
        cell's `raises-exception` tag does not allow), as nbclient decides."""
        tags = cell.get("metadata", {}).get("tags", [])
        if not cell.source.strip() or "skip-execution" in tags:
            return True
        cell.outputs = self.outputs.cell = []
        self.outputs.clear_before_next = False
        saved = sys.stdout, sys.stderr, builtins.input, getpass.getpass
        sys.stdout, sys.stderr = _Stream(self.outputs, "stdout"), _Stream(self.outputs, "stderr")
        builtins.input = getpass.getpass = _no_input  # as ipykernel without stdin: an error, never a wait
        try:
            result = self.run_cell(cell.source, store_history=True)
        finally:
            sys.stdout, sys.stderr, builtins.input, getpass.getpass = saved
        cell.execution_count = self.execution_count - 1  # what ipykernel's reply says
        return result.success or "raises-exception" in tags


class InProcessEngine(Engine):
    """papermill's engine API, with each notebook run in a fresh `NotebookShell` of this process."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs) -> None:
        # No input history: each shell would otherwise write to one SQLite file shared by every worker.
        shell = NotebookShell(config=Config({"HistoryManager": {"enabled": False}}))
        # `display()` finds the shell as IPython's singleton; a shell this process already had (engine.execute
        # called from a notebook) is put back afterwards. (`NotebookShell.instance()` would refuse to start there.)
        previous, InteractiveShell._instance = InteractiveShell._instance, shell
        try:
            for index, cell in enumerate(nb_man.nb.cells):  # papermill's own loop (clientwrap.py)
                try:
                    nb_man.cell_start(cell, index)
                    if cell.cell_type == "code" and not shell.run(cell):
                        nb_man.cell_exception(cell, cell_index=index)
                        break
                finally:
                    nb_man.cell_complete(cell, cell_index=index)
            nb_man.nb.metadata["language_info"] = LANGUAGE_INFO
            # nbclient validates every output as it arrives; once for the notebook is as strict and cheaper (papermill
            # would only log it when it writes the notebook)
            nbformat.validate(nb_man.nb)
        finally:
            _release(shell)
            InteractiveShell._instance = previous

    @classmethod
    def nb_kernel_name(cls, nb, name=None) -> str:
        return name or "python3"


def _release(shell: NotebookShell) -> None:
    """Let go of everything the run created, so a worker keeps nothing of the notebooks it ran."""
    # Each shell installs its namespace as sys.modules["__main__"] and keeps the one it replaced, so without this
    # every shell holds the previous one and with it every namespace ever run; IPython undoes it only at
    # interpreter exit (atexit_operations, unregistered here). (IPython's completer module likewise keeps the
    # `__main__` of the moment it is first imported, hence its import at the top of this module.)
    shell.restore_sys_module_state()
    atexit.unregister(shell.atexit_operations)


papermill_engines.register(ENGINE, InProcessEngine)


def _literal(path: Path) -> str:
    """Return a path as papermill takes it: it formats paths with the parameters, so braces are doubled."""
    return str(path).replace("{", "{{").replace("}", "}}")


def execute(
    notebook: Path, parameters: dict, *, cwd: Path | None = None, output: Path | None = None
) -> nbformat.NotebookNode:
    """Return `notebook` executed by papermill with `parameters` in a fresh IPython shell of this process; with
    `output`, the executed notebook is also written there, once and atomically, when the run ends (also when a
    cell failed)."""
    return papermill.execute_notebook(
        _literal(notebook),
        None if output is None else ATOMIC + _literal(Path(output).absolute()),
        parameters=parameters,
        engine_name=ENGINE,
        request_save_on_cell_execute=False,
        kernel_name="python3",
        language="python",
        progress_bar=False,
        log_output=False,
        cwd=str(cwd or notebook.parent),
    )
