"""Inside a notebook kernel that a build worker keeps between notebooks (see
:class:`egovbook.build.runner.Kernel`).

:func:`prepare` runs once after the kernel starts: it imports what the chapters import (the
second of CPU a fresh kernel would spend on every notebook) and remembers the settings a fresh
kernel has. :func:`fresh` runs before each notebook and gives it a kernel that behaves as a new
one: an empty namespace and a new session (IPython's reset), figures closed, matplotlib settings
and warning filters as they were, warnings shown again, and the notebook's own reads log.
Imported modules stay: the package keeps no state between calls at module level (its caches
live on objects a notebook creates), and importing it reads no data file.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

from egovbook.intake.data_access import READS_LOG

_SAVED: dict[str, Any] = {}


def prepare() -> None:
    import matplotlib
    import matplotlib.pyplot  # noqa: F401  (selects the inline backend, as a chapter's import does)
    import pandas  # noqa: F401
    import seaborn  # noqa: F401

    from egovbook.chapters import (  # noqa: F401
        claims_tables,
        domestic_indicators,
        domestic_new,
        domestic_portal,
        domestic_quarter,
        domestic_rates,
        findings,
        prose,
        report,
        sources,
        survey,
        survey_regions,
        survey_subindices,
        theme,
    )

    _SAVED["rc"] = matplotlib.rcParams.copy()
    _SAVED["filters"] = list(warnings.filters)


def fresh(reads_log: str) -> None:
    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    matplotlib.rcParams.update(_SAVED["rc"])
    # resetwarnings() tells every module's registry that the filters changed, so "default"
    # warnings show again; then the kernel's own filters come back.
    warnings.resetwarnings()
    warnings.filters[:] = _SAVED["filters"]
    warnings.onceregistry.clear()
    os.environ[READS_LOG] = reads_log
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)
