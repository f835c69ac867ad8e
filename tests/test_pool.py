"""`pool.run_beside`: a computation in a forked child while the parent does something else; what the child
returns or raises reaches the parent as it was.

Each case runs in a fresh interpreter: `run_beside` forks only where no other thread runs, and earlier tests
of the session may leave threads behind (a Dask client, a JupyterLab server).
"""

import os
import subprocess
import sys
import textwrap
import threading

from dtanalysis.briefings.pool import run_beside

PRELUDE = """
import os, threading
import pytest
from dtanalysis.briefings.pool import run_beside
from dtanalysis.common.errors import DataError, Problem, UnknownCommuneError
"""


def run_fresh(body: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(body)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_the_child_computes_while_the_parent_does_its_part():
    run_fresh("""
        seen = []
        result = run_beside(lambda: ("child", os.getpid()), lambda: seen.append(os.getpid()))
        assert result[0] == "child" and result[1] != os.getpid(), result
        assert seen == [os.getpid()]
    """)


def test_a_user_error_raised_in_the_child_is_raised_here_whole():
    run_fresh("""
        problem = Problem("tasks.csv", 7, "province", "Hà Tây", "unknown province", "write a 2025 province")

        def fail():
            assert os.getpid() != parent
            raise DataError([problem])

        def unknown():
            raise UnknownCommuneError("no commune 'X'", fix="write its 2025 name")

        parent = os.getpid()
        with pytest.raises(DataError) as err:
            run_beside(fail, lambda: None)
        assert err.value.problems == [problem] and "tasks.csv, row 7" in str(err.value)
        with pytest.raises(UnknownCommuneError) as err:
            run_beside(unknown, lambda: None)
        assert err.value.fix == "write its 2025 name"
    """)


def test_an_exception_that_does_not_pickle_arrives_as_its_traceback():
    run_fresh("""
        class Unpicklable(Exception):
            def __init__(self, a, b):
                super().__init__(a)  # pickled with one argument of two: cannot be made again

        def fail():
            raise Unpicklable("broken", 2)

        with pytest.raises(RuntimeError, match="Unpicklable: broken"):
            run_beside(fail, lambda: None)
    """)


def test_a_child_that_dies_is_an_error_not_a_hang():
    run_fresh("""
        with pytest.raises(RuntimeError, match="died"):
            run_beside(lambda: os._exit(3), lambda: None)
    """)


def test_an_error_here_stops_the_child():
    run_fresh("""
        import multiprocessing, time
        with pytest.raises(ZeroDivisionError):
            run_beside(lambda: threading.Event().wait(60), lambda: time.sleep(0.2) or 1 / 0)
        assert multiprocessing.active_children() == []
    """)


def test_with_another_thread_running_both_run_here_in_turn():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        order = []
        result = run_beside(lambda: order.append("compute") or os.getpid(), lambda: order.append("alongside"))
    finally:
        stop.set()
        other.join()
    assert result == os.getpid() and order == ["compute", "alongside"]
