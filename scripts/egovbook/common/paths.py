"""Where the project's files are. One place, so notebooks run from any working directory."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding ``_config.yml``.

    ``EGOVBOOK_ROOT`` wins (the build sets it for Papermill kernels, which run in a staging
    folder); otherwise walk up from the working directory, then from this file.
    """
    env = os.environ.get("EGOVBOOK_ROOT")
    if env:
        return Path(env).resolve()
    for start in (Path.cwd(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            if (folder / "_config.yml").is_file() and (folder / "data").is_dir():
                return folder
    raise FileNotFoundError("Không tìm thấy thư mục dự án (thư mục chứa _config.yml và data/).")


def data_dir() -> Path:
    return project_root() / "data"
