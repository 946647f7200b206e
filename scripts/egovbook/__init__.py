"""egovbook: logic behind the Viet Nam e-government report book.

Notebooks import from here; nothing analytical lives in the notebooks themselves.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
