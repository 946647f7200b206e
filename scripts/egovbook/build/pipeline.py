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

    @property
    def parameters(self) -> dict[str, Any]:
        return {"country": self.country, "year": self.year, "quarter": self.quarter}


class BuildError(Exception):
    """A step after validation failed; the message is Vietnamese and names the step."""


def say(opts: Options, text: str) -> None:
    if not opts.quiet:
        print(text, flush=True)
