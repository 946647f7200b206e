"""myst-nb internals the book relies on (written for myst-nb 1.4.0).

- The glue output format: ``myst_nb.glue(name, value, display=False)`` writes a display output
  whose MIME types carry :data:`myst_nb.ext.glue.GLUE_PREFIX` and whose metadata holds
  ``{"scrapbook": {"name": …, "mime_prefix": …}}``. The public ``glue`` takes no metadata of
  ours, so :func:`glue` writes the same output with the figure's provenance beside it;
  :func:`glued_name` and :func:`glued_data` read it back (values registry, nbconvert
  export).
- :func:`wrap_text_role` replaces the ``text`` role of ``NbGlueDomain`` (``myst_nb.ext.glue
  .domain``, ``.roles.PasteTextRole``) by a subclass, so a pasted figure keeps its key and
  opens its provenance (``egovbook.publish.sphinx_provenance``).
- :data:`CELL_OUTPUT_CLASS`: the class of a code cell's output in the HTML myst-nb writes
  (the PDF keeps a wide table's source line with it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

WRITTEN_FOR = {"myst-nb": "1.4.0"}

CELL_OUTPUT_CLASS = "cell_output"
SCRAPBOOK = "scrapbook"


def glue_prefix() -> str:
    from myst_nb.ext.glue import GLUE_PREFIX

    return str(GLUE_PREFIX)


def glue(key: str, bundle: Mapping[str, object], metadata: Mapping[str, object] = ()) -> None:
    """Glue ``bundle`` (MIME type → data) under ``key`` without showing it, as
    ``myst_nb.glue(key, …, display=False)`` does, with ``metadata`` added to the output's."""
    from IPython.display import display

    prefix = glue_prefix()
    meta = {SCRAPBOOK: {"name": key, "mime_prefix": prefix}, **dict(metadata)}
    display({prefix + mime: data for mime, data in bundle.items()}, raw=True, metadata=meta)


def glued_name(output: Mapping[str, Any]) -> str | None:
    """The key a notebook output was glued under, or None if it is not a glue output."""
    return (output.get("metadata", {}).get(SCRAPBOOK) or {}).get("name") or None


def glued_data(output: Mapping[str, Any], mime: str) -> Any:
    """The data of a glue output for ``mime`` (e.g. ``text/plain``), or None."""
    prefix = (output.get("metadata", {}).get(SCRAPBOOK) or {}).get("mime_prefix", "")
    return output.get("data", {}).get(prefix + mime)


def wrap_text_role(wrap: Callable[[type], type]) -> None:
    """Make ``{glue:text}`` an instance of ``wrap(PasteTextRole)``. Domain roles are looked up
    at parse time, so replacing the class's entry is enough."""
    from myst_nb.ext.glue.domain import NbGlueDomain
    from myst_nb.ext.glue.roles import PasteTextRole

    NbGlueDomain.roles = {**NbGlueDomain.roles, "text": wrap(PasteTextRole)()}
