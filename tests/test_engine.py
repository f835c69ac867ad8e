"""The engine the batch runs notebooks with (papermill, each notebook in a fresh IPython shell of the worker): what
a cell prints, displays and returns reaches the executed notebook as nbclient would record a kernel's messages, in
the order it happened; a failing cell stops the run and is marked; a run leaves no thread behind."""

import threading

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from dtanalysis.briefings.engine import execute


def notebook(tmp_path, *sources: str):
    """Write a notebook with a `parameters` cell (x = 1) and one code cell per source; return its path."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path = tmp_path / "cells.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_printed_and_displayed_output_is_kept_in_order(tmp_path):
    path = notebook(
        tmp_path,
        "import sys\n"
        "from IPython.display import display\n"
        "print('before', x)\n"
        "print('careful', file=sys.stderr)\n"
        "display('shown')\n"
        "print('after', file=sys.stderr)",
        "import threading\nprint('threads:', threading.active_count())",
    )
    threads = threading.active_count()

    executed = execute(path, {"x": 7})

    outputs = executed.cells[-2].outputs
    assert [o["output_type"] for o in outputs] == ["stream", "stream", "display_data", "stream"]
    assert outputs[0] == {"output_type": "stream", "name": "stdout", "text": "before 7\n"}
    assert outputs[1] == {"output_type": "stream", "name": "stderr", "text": "careful\n"}
    assert outputs[2]["data"]["text/plain"] == "'shown'"
    assert outputs[3] == {"output_type": "stream", "name": "stderr", "text": "after\n"}
    # the cells run on the caller's thread: no kernel, IOPub or event-loop thread while they run, none left after
    assert executed.cells[-1].outputs == [{"output_type": "stream", "name": "stdout", "text": f"threads: {threads}\n"}]
    assert threading.active_count() == threads
    assert [c.execution_count for c in executed.cells] == [1, 2, 3, 4]  # parameters, injected parameters, two cells


def test_results_display_updates_and_clearing(tmp_path):
    path = notebook(
        tmp_path,
        "x * 6",
        "from IPython.display import display\nhandle = display('old', display_id=True)",
        "import numpy as np\nhandle.update({'application/json': {'n': np.int64(x)}}, raw=True)\nshown = {'text/plain': 'kept'}\n"
        "display(shown, raw=True)\nshown['text/plain'] = 'changed later'",
        "from IPython.display import clear_output\nprint('gone')\nclear_output(wait=True)\nprint('stays')",
        "x;",  # a trailing semicolon shows nothing
    )

    executed = execute(path, {"x": 7})

    result, shown, updated, cleared, quiet = (c.outputs for c in executed.cells[2:])
    assert result == [
        {"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": "42"}, "metadata": {}}
    ]
    # updated in place by its display id; numpy numbers turned into JSON as a kernel message turns them
    assert shown[0]["data"] == {"application/json": {"n": 7}}
    assert updated == [{"output_type": "display_data", "data": {"text/plain": "kept"}, "metadata": {}}]
    assert cleared == [{"output_type": "stream", "name": "stdout", "text": "stays\n"}]
    assert quiet == []


def test_a_failing_cell_stops_the_run_and_is_marked(tmp_path):
    path = notebook(tmp_path, "print('ran')", "raise ValueError(f'bad {x}')", "print('never')")
    out = tmp_path / "executed.ipynb"

    with pytest.raises(PapermillExecutionError) as raised:
        execute(path, {"x": 3}, output=out)

    assert (raised.value.ename, raised.value.evalue) == ("ValueError", "bad 3")
    written = nbformat.read(str(out), as_version=4)
    failing = next(c for c in written.cells if c.get("outputs") and c.outputs[-1].output_type == "error")
    assert failing.source == "raise ValueError(f'bad {x}')" and failing.metadata.papermill.status == "failed"
    assert "An Exception was encountered" in written.cells[0].source  # papermill's marker above everything
    assert written.cells[-1].outputs == [] and written.cells[-1].metadata.papermill.status == "pending"


def test_asking_for_input_fails_the_cell_instead_of_waiting(tmp_path):
    import builtins
    import getpass

    path = notebook(tmp_path, "input('Province? ')")
    before = builtins.input, getpass.getpass

    with pytest.raises(PapermillExecutionError) as raised:
        execute(path, {})

    assert raised.value.ename == "StdinNotImplementedError" and "Province?" in raised.value.evalue
    assert (builtins.input, getpass.getpass) == before  # put back after the cell


def test_an_output_nbformat_rejects_fails_the_run(tmp_path):
    path = notebook(tmp_path, "display({'text/html': 5}, raw=True)")  # text must be a string

    with pytest.raises(nbformat.ValidationError):
        execute(path, {})


def test_a_notebook_run_from_inside_ipython_leaves_that_shell_in_place(tmp_path):
    import atexit

    from IPython.core.interactiveshell import InteractiveShell

    path = notebook(tmp_path, "print(type(get_ipython()).__name__, x)")
    host = InteractiveShell.instance()  # as when an analyst calls the engine from a notebook
    try:
        executed = execute(path, {"x": 5})
        assert InteractiveShell.instance() is host
    finally:
        host.restore_sys_module_state()
        atexit.unregister(host.atexit_operations)
        InteractiveShell.clear_instance()

    assert executed.cells[-1].outputs[0]["text"] == "NotebookShell 5\n"
