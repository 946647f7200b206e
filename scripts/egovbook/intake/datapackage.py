"""The machine-readable descriptor of ``data/``: a Frictionless Data Package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egovbook.common.paths import data_dir
from egovbook.intake import data_access

DESCRIPTOR = "datapackage.json"


def path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / DESCRIPTOR


def load(folder: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = data_access.read_json(path(folder))
    return data


def save(descriptor: dict[str, Any], folder: Path | None = None) -> None:
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    path(folder).write_text(text, encoding="utf-8")


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    for res in descriptor["resources"]:
        if res["name"] == name:
            return res  # the live dict: callers edit it in place
    raise KeyError(name)


def record_raw_file(folder: Path, name: str, info: dict[str, Any]) -> None:
    """Put (or replace) one raw file's provenance in resource ``name``'s ``raw_files`` list."""
    descriptor = load(folder)
    res = resource(descriptor, name)
    files = [f for f in res.get("raw_files", []) if f.get("path") != info["path"]]
    files.append(info)
    res["raw_files"] = sorted(files, key=lambda f: (f.get("survey_year", 0), f["path"]))
    save(descriptor, folder)
