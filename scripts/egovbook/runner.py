"""Running the notebooks: Papermill in parallel workers, each run cached by its key.

A notebook is re-executed only when its key changes (:mod:`egovbook.nbcache`); its data reads are
recorded while it runs and checked against what its metadata declares. Executed notebooks are
written only when their content changed, and each is exported to a standalone HTML page in the
same worker.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from . import data_access, fmt, nbcache
from .nbcache import notebook_applies
from .pipeline import BuildError, Options, _say
from .staging import NOTEBOOK_DIR, _write_if_changed

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


def _kernel_manager(env: dict[str, str]) -> type:
    """A kernel manager class whose kernels get ``env`` on top of this process's environment.

    Each notebook's kernel needs its own reads log; ``os.environ`` is shared by the worker
    threads, so the variable is given to the kernel's process instead of set here.
    """
    from jupyter_client.manager import AsyncKernelManager

    class KernelManager(AsyncKernelManager):  # type: ignore[misc]
        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            kw["env"] = {**kw.get("env", os.environ), **env}
            return await super()._async_pre_start_kernel(**kw)

    return KernelManager


def execute_notebook(nb_path: Path, out_path: Path, params: dict[str, Any], root: Path,
                     cache_dir: Path, force: bool) -> NotebookRun:
    """Run one notebook unless its key is unchanged (see :mod:`egovbook.nbcache`).

    The kernel records every data file it reads (:mod:`egovbook.data_access`) in
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
    if (not force and out_path.exists() and key_file.exists() and recorded is not None
            and key_file.read_text() == nbcache.combine(
                parts, nbcache.current_reads(recorded, root))):
        return NotebookRun(nb_path.name, False, 0.0)
    start = time.perf_counter()
    tmp_out = cache_dir / (nb_path.stem + ".running.ipynb")
    log = cache_dir / (nb_path.stem + ".reads")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # No cwd= here: Papermill would chdir the whole process, which races between threads.
        # Figures find their folder through EGOVBOOK_OUTPUTS instead (set in run_notebooks).
        for attempt in (1, 2):
            log.unlink(missing_ok=True)
            try:
                papermill.execute_notebook(
                    str(nb_path), str(tmp_out), parameters=used,
                    progress_bar=False, log_output=False, kernel_name="python3",
                    # Written once at the end (also after an error), not after every cell.
                    request_save_on_cell_execute=False,
                    kernel_manager_class=_kernel_manager({data_access.READS_LOG: str(log)}),
                )
                break
            except RuntimeError as err:
                # On a loaded machine a kernel can die while starting, before running any cell:
                # starting it once more is safe. A cell's own error is not retried.
                if attempt == 2 or "Kernel died before replying" not in str(err):
                    raise
    except PapermillExecutionError as err:
        raise BuildError(
            f"Notebook {nb_path.name} lỗi ở ô số {err.exec_count or err.cell_index}: "
            f"{err.ename}: {err.evalue}"
        ) from None
    reads = data_access.parse_log(log)
    wrong = nbcache.undeclared(reads, meta.reads)
    if wrong:
        raise BuildError(nbcache.undeclared_message(nb_path.name, wrong))
    nb = strip_volatile(nbformat.read(tmp_out, as_version=4))
    _write_if_changed(out_path, nbformat.writes(nb) + "\n")
    tmp_out.unlink(missing_ok=True)
    log.unlink(missing_ok=True)
    nbcache.save_reads(reads_file, nb_path.name, reads)
    key_file.write_text(nbcache.combine(parts, reads))
    return NotebookRun(nb_path.name, True, time.perf_counter() - start)


def run_and_export(nb_path: Path, out_path: Path, params: dict[str, Any], root: Path,
                   cache_dir: Path, force: bool) -> NotebookRun:
    """Execute, then export the standalone HTML in the same worker: the export overlaps with
    the other workers' kernels instead of waiting for all of them."""
    from . import export

    run = execute_notebook(nb_path, out_path, params, root, cache_dir, force)
    run.exported = export.export(out_path, out_path.parent / export.EXPORT_DIR)
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
    _say(opts, f"Chạy {len(notebooks)} notebook ({jobs} song song)…")
    with _kernel_noise_to(cache_dir / "kernels.log"), ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(run_and_export, nb, stage / NOTEBOOK_DIR / nb.name, opts.parameters,
                        root, cache_dir, opts.force): nb
            for nb in notebooks
        }
        errors = []
        for future in as_completed(futures):
            nb = futures[future]
            try:
                run = future.result()
            except BuildError as err:
                errors.append(str(err))
                _say(opts, f"  ✗ {nb.name}")
                continue
            runs.append(run)
            state = (f"đã chạy ({fmt.number(run.seconds, 1)} giây)" if run.executed
                     else "không đổi, dùng lại kết quả")
            _say(opts, f"  ✓ {run.name}: {state}")
    if errors:
        raise BuildError("\n".join(errors))
    # Executed copies of notebooks removed from notebooks/ (or not for this country) must not
    # linger in the book.
    wanted = {nb.name for nb in notebooks}
    for old in (stage / NOTEBOOK_DIR).glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    return runs
