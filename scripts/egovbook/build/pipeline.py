"""What every build step shares: the options, the error a step raises, how the build speaks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_COUNTRY = "VNM"


@dataclass
class Options:
    country: str = DEFAULT_COUNTRY
    year: int | None = None
    quarter: str | None = None
    jobs: int = 0
    force: bool = False
    strict: bool = True
    root: Path | None = None
    quiet: bool = False
    target_rank: int | None = None

    @property
    def parameters(self) -> dict[str, Any]:
        """What the notebooks receive; a target rank only when one is asked for (the default
        book's parameters, and so its record and values, stay as they were)."""
        out: dict[str, Any] = {"country": self.country, "year": self.year,
                               "quarter": self.quarter}
        if self.target_rank is not None:
            out["target_rank"] = self.target_rank
        return out


class BuildError(Exception):
    """A step after validation failed; the message is Vietnamese and names the step."""


def say(opts: Options, text: str) -> None:
    if not opts.quiet:
        print(text, flush=True)
