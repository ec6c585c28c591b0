"""The base of every read model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    """A frozen read model; ``View.model_validate(row)`` reads a table row's attributes."""

    model_config = ConfigDict(frozen=True, from_attributes=True)
