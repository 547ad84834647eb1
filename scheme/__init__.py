"""The rubric layer: the YAML rubric of a scheme, its JSON Schema, the loader and frozen models.

Depends on nothing else in lvzhi; ``scorer`` and ``reports`` build on it.
"""

__version__ = "0.1.0"  # lvzhi's version (pyproject.toml reads it from here)

from scheme.kinds import KINDS
from scheme.loader import check_rubric, check_rubric_text, default_rubric_path, load_rubric
from scheme.model import Area, Indicator, Item, Provenance, Requirement, Rubric
from scheme.problems import Problem, RubricError

__all__ = [
    "KINDS",
    "Area",
    "Indicator",
    "Item",
    "Problem",
    "Provenance",
    "Requirement",
    "Rubric",
    "RubricError",
    "__version__",
    "check_rubric",
    "check_rubric_text",
    "default_rubric_path",
    "load_rubric",
]
