"""The determination engine: pure functions from (pack, site, findings) to a determination.

- :mod:`core.engine.findings`: an auditor's answers and the site, parsed and checked against
  a pack; an item's status derived from its sub-checks and measured values.
- :mod:`core.engine.determination`: the verdict and its provenance (the domain model).
- :mod:`core.engine.compiled`: the compiled bit-mask engine (:func:`evaluate`,
  :func:`evaluate_batch`), the hot path of every answer and of city-wide batches.
- :mod:`core.engine.evaluation`: raw findings and site JSON evaluated under named packs.
- :mod:`core.engine.differences`: how a stored determination differs from a fresh one.
- :mod:`core.engine.links`: packs evaluated together, a finding that constitutes another
  pack's item (构成) counted there; waived items set aside.
- :mod:`core.engine.crosswalk`: findings carried from one version of a standard to the next,
  and what changes in the determination.

No I/O, no database, no plugin calls. The names below are the engine's public API.
"""

from core.engine.compiled import (
    Answers,
    Outcome,
    Plan,
    RuleCount,
    compile_pack,
    evaluate,
    evaluate_batch,
    rule_counts,
)
from core.engine.links import evaluate_together

__all__ = ["Answers", "Outcome", "Plan", "RuleCount", "compile_pack", "evaluate",
           "evaluate_batch", "evaluate_together", "rule_counts"]
