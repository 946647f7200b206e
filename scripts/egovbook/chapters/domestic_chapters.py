"""Transitional: the names :mod:`egovbook.chapters.findings` still imports from here.

The domestic chapters' code is split by chapter: :mod:`domestic_quarter` (the quarter's data,
comparing two observations), :mod:`domestic_indicators` (chapter 4), :mod:`domestic_portal`
(chapter 5), :mod:`domestic_new` (chapter 6). Delete this module once findings imports those.
"""

from egovbook.chapters.domestic_indicators import targets_chapter
from egovbook.chapters.domestic_new import whats_new
from egovbook.chapters.domestic_quarter import Quarter

__all__ = ["Quarter", "targets_chapter", "whats_new"]
