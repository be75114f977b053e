"""The project's own evaluation: the shared scorers' definitions, run on the real pipeline's output.

``evaluate(kind, data_dir, settings=...)`` processes an evaluation set (``../shared/eval/*``, or a
hand-coded gold file) with :class:`eventledger.pipeline.Pipeline` and returns an
:class:`EvalReport` whose figures equal what ``../shared/tools/score_*.py`` print for the same
export. ``baseline`` holds the regression gate (``eval/baseline.json``).
"""

from .report import EvalReport, Miss
from .runner import KINDS, detect_kinds, discover, evaluate, evaluate_many, score

__all__ = ["KINDS", "EvalReport", "Miss", "detect_kinds", "discover", "evaluate", "evaluate_many", "score"]
