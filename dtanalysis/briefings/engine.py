"""Run notebooks in a fresh in-process kernel inside an already-warm worker process.

A cold Jupyter kernel per province spends most of its time starting Python and importing pandas and
plotly. Here a worker process imports them once; each notebook then gets a brand-new IPython shell
(a fresh namespace) through papermill's own `kernel_manager_class` hook, so nothing a province's run
defines can leak into the next one, while imported modules stay warm.
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silence debugpy's frozen-modules warning

import nbformat  # noqa: E402
import papermill  # noqa: E402
from ipykernel.inprocess.blocking import BlockingInProcessKernelClient  # noqa: E402
from ipykernel.inprocess.ipkernel import InProcessInteractiveShell, InProcessKernel  # noqa: E402
from ipykernel.inprocess.manager import InProcessKernelManager  # noqa: E402
from ipykernel.iostream import IOPubThread  # noqa: E402
from papermill.iorw import papermill_io  # noqa: E402
from traitlets import default  # noqa: E402

from dtanalysis.common.files import write_text_atomic  # noqa: E402

KERNEL_MANAGER = "dtanalysis.briefings.engine.FreshInProcessKernelManager"
ATOMIC = "file+atomic://"  # papermill output paths under this scheme are written by `AtomicFile`


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


class FreshInProcessKernelClient(BlockingInProcessKernelClient):
    """The in-process client, with the keyword arguments nbclient passes."""

    def wait_for_ready(self, timeout: float | None = None) -> None:
        # An in-process kernel answers at once: ask for kernel_info, then drain IOPub without blocking
        # (ipykernel's own version polls with 0.2 s timeouts and prints every message type).
        self.kernel_info()
        self._handle_kernel_info_reply(self.shell_channel.get_msg(block=True, timeout=5))
        while self.iopub_channel.msg_ready():
            self.iopub_channel.get_msg(block=False)


class SynchronousInProcessKernel(InProcessKernel):
    """The in-process kernel with its IOPub messages delivered on the thread that sends them.

    ipykernel's in-process kernel starts an IOPub thread whose socket is an in-process stand-in; every display
    and every flush of stdout/stderr (one before each display) then waits for a round trip to that thread.
    An IOPubThread that is never started runs what it is given at once (ipykernel's own rule for a thread
    that is not alive), so messages reach the client in the same order, without the waits.
    """

    @default("iopub_thread")
    def _default_iopub_thread(self) -> IOPubThread:
        return IOPubThread(self._underlying_iopub_socket, session=self.session)

    def set_parent(self, ident, parent, channel: str = "shell") -> None:
        """Tie the kernel's stdout and stderr to the request too, so what a cell prints reaches the notebook.

        ipykernel sets the parent of `sys.stdout` / `sys.stderr` when a request arrives, but the in-process
        kernel puts its own streams there only while the cell runs: without this, everything a notebook printed
        or warned went out with an empty parent and papermill dropped it.
        """
        super().set_parent(ident, parent, channel)
        if channel == "shell":
            self.stdout.set_parent(parent)
            self.stderr.set_parent(parent)


class FreshInProcessKernelManager(InProcessKernelManager):
    """An in-process kernel that starts with a new IPython shell every time (the shell is a singleton)."""

    def start_kernel(self, **kwargs) -> None:
        # No input history: each shell would start a thread writing to one SQLite file shared by every
        # worker, and parallel workers would wait on its lock.
        self.config.HistoryManager.enabled = False
        InProcessInteractiveShell.clear_instance()
        self.kernel = SynchronousInProcessKernel(parent=self, session=self.session)

    def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        # Release everything the run created: ipykernel leaves the shell registered with atexit and the IOPub
        # thread's event loop open, which keeps every shell and kernel of every run alive (0.25 MB a notebook
        # in a warm worker).
        kernel = self.kernel
        shell = getattr(kernel, "shell", None)
        iopub = kernel.iopub_thread if kernel is not None and kernel.trait_has_value("iopub_thread") else None
        super().shutdown_kernel()
        if shell is not None:
            # Each shell installs its namespace as sys.modules["__main__"] and keeps the one it replaced, so
            # without this every shell holds the previous one and with it every namespace ever run (~0.27 MB a
            # notebook); IPython undoes it only at interpreter exit (atexit_operations, unregistered here).
            shell.restore_sys_module_state()
            atexit.unregister(shell.atexit_operations)
        if iopub is not None:  # never started (`SynchronousInProcessKernel`): its loop never ran to close itself
            iopub.io_loop.close(all_fds=True)
        InProcessInteractiveShell.clear_instance()

    def client(self, **kwargs) -> FreshInProcessKernelClient:
        kwargs["kernel"] = self.kernel
        return FreshInProcessKernelClient(parent=self, session=self.session, **kwargs)


def _literal(path: Path) -> str:
    """Return a path as papermill takes it: it formats paths with the parameters, so braces are doubled."""
    return str(path).replace("{", "{{").replace("}", "}}")


def execute(
    notebook: Path, parameters: dict, *, cwd: Path | None = None, output: Path | None = None
) -> nbformat.NotebookNode:
    """Return `notebook` executed with `parameters` in a fresh in-process kernel; with `output`, the executed
    notebook is also written there, once and atomically, when the run ends (also when a cell failed)."""
    return papermill.execute_notebook(
        _literal(notebook),
        None if output is None else ATOMIC + _literal(Path(output).absolute()),
        parameters=parameters,
        request_save_on_cell_execute=False,
        kernel_name="python3",
        language="python",
        kernel_manager_class=KERNEL_MANAGER,
        progress_bar=False,
        log_output=False,
        cwd=str(cwd or notebook.parent),
    )
