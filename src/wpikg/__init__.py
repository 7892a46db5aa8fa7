"""wpikg: a knowledge graph of international research cooperation (WPI, RIKEN, ISSP)."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
