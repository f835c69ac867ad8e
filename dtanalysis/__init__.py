"""dtanalysis: load, validate and analyse Vietnam's provincial digital-transformation data."""
from __future__ import annotations

__version__ = "0.1.0"
