"""The in-process kernel the batch runs notebooks in: what a cell prints (stdout, stderr) and displays reaches the
executed notebook in the order it happened, and a run leaves no thread behind."""

import threading

import nbformat

from dtanalysis.briefings.engine import execute


def test_printed_and_displayed_output_is_kept_in_order(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import sys\n"
            "from IPython.display import display\n"
            "print('before', x)\n"
            "print('careful', file=sys.stderr)\n"
            "display('shown')\n"
            "print('after', file=sys.stderr)"
        ),
        nbformat.v4.new_code_cell(
            "import threading\nprint('IOPub threads:', sum(t.name == 'IOPub' for t in threading.enumerate()))"
        ),
    ]
    path = tmp_path / "prints.ipynb"
    nbformat.write(notebook, str(path))
    execute(path, {"x": 0})  # the first run starts jupyter_core's runner thread, kept for the process
    threads = threading.active_count()

    executed = execute(path, {"x": 7})

    outputs = executed.cells[-2].outputs
    assert [o["output_type"] for o in outputs] == ["stream", "stream", "display_data", "stream"]
    assert outputs[0] == {"output_type": "stream", "name": "stdout", "text": "before 7\n"}
    assert outputs[1] == {"output_type": "stream", "name": "stderr", "text": "careful\n"}
    assert outputs[2]["data"]["text/plain"] == "'shown'"
    assert outputs[3] == {"output_type": "stream", "name": "stderr", "text": "after\n"}
    # messages go out on the cell's own thread: no IOPub thread while it runs, none left after
    assert executed.cells[-1].outputs == [{"output_type": "stream", "name": "stdout", "text": "IOPub threads: 0\n"}]
    assert threading.active_count() == threads
