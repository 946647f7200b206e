"""Running the notebooks: Papermill in parallel workers, each run cached by its key.

Each worker keeps one kernel for the notebooks it takes (:class:`Kernel`), made fresh before
each one; a notebook's output is the same as in a kernel of its own (tested).

A notebook is re-executed only when its key changes (:mod:`nbcache`); its data reads are
recorded while it runs and checked against what its metadata declares. Executed notebooks are
written only when their content changed, and each gets the file its share link names (its
standalone page is written later, from the built book: :mod:`egovbook.publish.export`).
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from egovbook.build import cache, nbcache
from egovbook.build.nbcache import notebook_applies
from egovbook.build.pipeline import BuildError, Options, say
from egovbook.build.staging import NOTEBOOK_DIR
from egovbook.common import fmt
from egovbook.intake import data_access

# Run metadata Papermill and nbclient write into every notebook; stripped so two runs from the
# same inputs give the same bytes (and Sphinx sees no change).
VOLATILE_NB_KEYS = ("papermill",)
VOLATILE_CELL_KEYS = ("papermill", "execution")


@dataclass
class NotebookRun:
    name: str
    executed: bool
    seconds: float
    exported: bool = False


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run timestamps and hide Papermill's injected-parameters cell from readers."""
    for key in VOLATILE_NB_KEYS:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            # Papermill gives the cell it inserts a random id; a fixed one keeps runs identical.
            cell["id"] = "injected-parameters"
            if "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "code":
            cell["execution_count"] = None
    return nb


class Kernel:
    """A worker's kernel, kept from one of its notebooks to the next.

    Starting a kernel and importing pandas, matplotlib, seaborn and the package costs about
    1.4 s of CPU; a worker running three notebooks pays it once. Before each notebook the kernel
    is made fresh again (:func:`egovbook.build.kernelstate.fresh`); executed notebooks are the same
    bytes as with a new kernel per notebook (tested). Started only when a notebook must run.
    """

    def __init__(self) -> None:
        self.km: Any = None
        self.kc: Any = None

    def for_notebook(self, reads_log: Path) -> Any:
        """The kernel manager to give Papermill, its kernel made fresh for the next notebook."""
        from jupyter_core.utils import run_sync

        if self.km is None or not run_sync(self.km.is_alive)():
            self.close()
            for attempt in (1, 2):
                try:
                    self._start()
                    break
                except RuntimeError:
                    # On a loaded machine a kernel can die while starting: once more is safe.
                    self.close()
                    if attempt == 2:
                        raise
        else:
            # A new client of ours for each notebook (cheap): after Papermill's own client has
            # run a notebook on the kernel, replies to the old one no longer arrive.
            self._connect()
        self._run(f"from egovbook.build import kernelstate\nkernelstate.fresh({str(reads_log)!r})")
        return self.km

    def _start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.km = AsyncKernelManager(kernel_name="python3")
        run_sync(self.km.start_kernel)()
        self._connect()
        self._run("from egovbook.build import kernelstate\nkernelstate.prepare()")

    def _connect(self) -> None:
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=120)

    def _run(self, code: str) -> None:
        from jupyter_core.utils import run_sync

        # Only the shell reply is awaited: the kernel answers a request when it has run it, and
        # the notebook client's own tasks may still be listening on the output channel.
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        while True:
            reply = run_sync(self.kc.get_shell_msg)(timeout=300)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise BuildError(f"Kernel không chuẩn bị được: {content.get('ename')}: "
                             f"{content.get('evalue')}")

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            run_sync(self.km.shutdown_kernel)(now=True)
        self.km = self.kc = None


def execute_notebook(nb_path: Path, out_path: Path, params: dict[str, Any], root: Path,
                     cache_dir: Path, force: bool, kernel: Kernel | None = None) -> NotebookRun:
    """Run one notebook unless its key is unchanged (see :mod:`egovbook.build.nbcache`).

    The kernel records every data file it reads (:mod:`egovbook.intake.data_access`) in
    ``<stem>.reads``; they are checked against the notebook's declaration and stored in
    ``<stem>.reads.json`` beside the key, which hashes them.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    meta = nbcache.notebook_meta(nb_path)
    used = {k: v for k, v in params.items() if k in meta.parameters}
    parts = nbcache.static_parts(nb_path, used, root)
    key_file = cache_dir / (nb_path.stem + ".key")
    reads_file = cache_dir / (nb_path.stem + ".reads.json")
    recorded = nbcache.load_reads(reads_file)
    if (not force and recorded is not None and cache.is_current(
            out_path, key_file, nbcache.combine(parts, nbcache.current_reads(recorded, root)))):
        return NotebookRun(nb_path.name, False, 0.0)
    start = time.perf_counter()
    tmp_out = cache_dir / (nb_path.stem + ".running.ipynb")
    log = cache_dir / (nb_path.stem + ".reads")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    own = kernel is None
    kernel = kernel or Kernel()
    log.unlink(missing_ok=True)
    try:
        km = kernel.for_notebook(log)
        # No cwd= here: Papermill would chdir the whole process, which races between threads.
        # Figures find their folder through EGOVBOOK_OUTPUTS instead (set in run_notebooks).
        papermill.execute_notebook(
            str(nb_path), str(tmp_out), parameters=used,
            progress_bar=False, log_output=False, kernel_name="python3",
            # Written once at the end (also after an error), not after every cell.
            request_save_on_cell_execute=False, km=km,
        )
    except PapermillExecutionError as err:
        raise BuildError(
            f"Notebook {nb_path.name} lỗi ở ô số {err.exec_count or err.cell_index}: "
            f"{err.ename}: {err.evalue}"
        ) from None
    finally:
        if own:
            kernel.close()
    reads = data_access.parse_log(log)
    wrong = nbcache.undeclared(reads, meta.reads)
    if wrong:
        raise BuildError(nbcache.undeclared_message(nb_path.name, wrong))
    nb = strip_volatile(nbformat.read(tmp_out, as_version=4))
    cache.write_if_changed(out_path, nbformat.writes(nb) + "\n")
    tmp_out.unlink(missing_ok=True)
    log.unlink(missing_ok=True)
    nbcache.save_reads(reads_file, nb_path.name, reads)
    cache.mark(key_file, nbcache.combine(parts, reads))
    return NotebookRun(nb_path.name, True, time.perf_counter() - start)


def run_and_export(nb_path: Path, out_path: Path, params: dict[str, Any], root: Path,
                   cache_dir: Path, force: bool, kernel: Kernel | None = None) -> NotebookRun:
    """Execute, then write the chapter's code page (nbconvert) and place the file its share link
    names (its standalone page is written from the built book, :mod:`egovbook.publish.export`),
    on this worker's thread."""
    from egovbook.publish import export, notebook_code

    run = execute_notebook(nb_path, out_path, params, root, cache_dir, force, kernel)
    folder = out_path.parent / export.EXPORT_DIR
    coded = notebook_code.export(out_path, folder)
    run.exported = export.placeholder(out_path, folder) or coded
    return run


@contextlib.contextmanager
def _kernel_noise_to(log: Path) -> Iterator[None]:
    """Send kernels' stderr chatter (TCP warnings, shutdown notices) to a log, not the console.

    Kernels are child processes that inherit file descriptor 2, so it is redirected at the
    descriptor level for the duration of the notebook runs.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with log.open("ab") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def run_notebooks(root: Path, stage: Path, opts: Options) -> list[NotebookRun]:
    notebooks = [nb for nb in sorted((root / NOTEBOOK_DIR).glob("*.ipynb"))
                 if notebook_applies(nb, opts.country)]
    cache_dir = root / "_build" / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    # One more worker than cores: kernels spend part of their time starting and waiting on
    # messages, so a third notebook keeps two cores busy (measured: 2 cores, 3 workers fastest).
    jobs = opts.jobs or (os.cpu_count() or 1) + 1
    os.environ["EGOVBOOK_OUTPUTS"] = str(stage / NOTEBOOK_DIR / "_outputs")
    runs: list[NotebookRun] = []
    say(opts, f"Chạy {len(notebooks)} notebook ({jobs} song song)…")
    todo: queue.Queue[Path] = queue.Queue()
    for nb in notebooks:
        todo.put(nb)
    done: queue.Queue[tuple[Path, NotebookRun | None, str | None]] = queue.Queue()

    def worker() -> None:
        # Each worker keeps one kernel for all the notebooks it takes (see Kernel).
        kernel = Kernel()
        try:
            while True:
                try:
                    nb = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    done.put((nb, run_and_export(nb, stage / NOTEBOOK_DIR / nb.name,
                                                 opts.parameters, root, cache_dir, opts.force,
                                                 kernel), None))
                except BuildError as err:
                    done.put((nb, None, str(err)))
                except Exception as err:  # noqa: BLE001  reported with the notebook's name
                    # A kernel that died or stopped answering: said in Vietnamese, no traceback;
                    # the worker's next notebook starts a new kernel (Kernel.for_notebook).
                    done.put((nb, None, f"Notebook {nb.name} không chạy xong: kernel dừng hoặc "
                                        f"không trả lời ({type(err).__name__}: {err})."))
        finally:
            kernel.close()

    errors = []
    with _kernel_noise_to(cache_dir / "kernels.log"):
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(jobs)]
        for thread in threads:
            thread.start()
        for _ in notebooks:
            nb, run, error = done.get()
            if run is None:
                errors.append(error or nb.name)
                say(opts, f"  ✗ {nb.name}")
                continue
            runs.append(run)
            state = (f"đã chạy ({fmt.number(run.seconds, 1)} giây)" if run.executed
                     else "không đổi, dùng lại kết quả")
            say(opts, f"  ✓ {run.name}: {state}")
        for thread in threads:
            thread.join()
    if errors:
        raise BuildError("\n".join(errors))
    # Executed copies of notebooks removed from notebooks/ (or not for this country) must not
    # linger in the book.
    wanted = {nb.name for nb in notebooks}
    for old in (stage / NOTEBOOK_DIR).glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    return runs
