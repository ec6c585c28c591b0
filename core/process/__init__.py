"""The audit-style process as pure rules: the campaign's five steps and their guards, a
hazard's lifecycle, who may do what, the colour code, and credit codes.

- :mod:`core.process.workflow`: stages, guards, deadlines, hazard moves.
- :mod:`core.process.permissions`: roles, actions, scopes and the refusal a role gets.
- :mod:`core.process.colour`: an enterprise's colour code (智管码) from its hazards.
- :mod:`core.process.credit_code`: the unified social credit code (GB 32100-2015).
"""
