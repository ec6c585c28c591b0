"""The site profile (场所信息) an inspection needs before it starts: which questions its packs
ask of the site, and which choices each has. A function of the packs alone, so every front end
asks the same questions and the services refuse the same missing answers.

A pack asks two kinds of question:

- ``categories``: a pack with site categories (GB 35181: 人员密集场所 …) needs the site's
  categories, or ``other`` (其他场所) given explicitly, because its thresholds depend on them;
  an unstated category is not the same as "none of them".
- ``tags``: a pack whose items are gated by site tags (an industry, a kind of mine) needs at
  least one of its tags; without one its gated items are shut and the checklist is empty or
  nearly so.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from core.i18n import CATALOGUE, Lang, Listed, Msg, OneOf, t
from core.pack.model import OTHER, Pack

ProfileKey = Literal["categories", "tags"]


@dataclass(frozen=True)
class ProfileChoice:
    """One answer a question allows: the id typed (``--tag metallurgy``) and its names."""

    id: str
    name_zh: str
    name_en: str

    def name(self, lang: Lang = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def render(self, lang: Lang = "zh") -> str:
        """The name with the id beside it, which is what a user types."""
        return t("profile.choice", lang, name=self.name(lang), id=self.id)


@dataclass(frozen=True)
class ProfileQuestion:
    """A question the site profile must answer for the packs that ask it: at least one of
    its choices. For ``categories`` the choices end with ``other``, which stands alone."""

    key: ProfileKey
    packs: tuple[str, ...]
    choices: tuple[ProfileChoice, ...]

    def answered(self, values: Collection[str]) -> bool:
        return any(c.id in values for c in self.choices)

    def title(self) -> Msg:
        """The question itself: which packs ask what, and how many choices to make."""
        return Msg(f"profile.title.{self.key}", packs=Listed(self.packs))

    def as_msg(self) -> Msg:
        """The question as a refusal names it: its title and every choice."""
        return Msg("profile.ask", title=self.title(), choices=OneOf(self.choices))


def _other() -> ProfileChoice:
    zh, en = CATALOGUE["site.other"]
    return ProfileChoice(OTHER, zh, en)


def pack_questions(pack: Pack) -> tuple[ProfileQuestion, ...]:
    """What ``pack`` asks of a site before an inspection starts (nothing, for a pack with
    neither site categories nor gated items)."""
    out: list[ProfileQuestion] = []
    if pack.site_categories:
        out.append(ProfileQuestion("categories", (pack.id,), (
            *(ProfileChoice(c.id, c.name_zh, c.name_en) for c in pack.site_categories),
            _other())))
    if pack.tags and any(pack.item_gates().values()):
        # Every tag is a choice, also one that gates nothing (a wholesaler among producers):
        # the site must say which kind it is, not only the kinds that add items.
        out.append(ProfileQuestion("tags", (pack.id,), tuple(
            ProfileChoice(tag.id, tag.name_zh, tag.name_en) for tag in pack.tags)))
    return tuple(out)


def profile_questions(packs: Sequence[Pack]) -> tuple[ProfileQuestion, ...]:
    """The questions of all ``packs``; packs asking the same question (two versions of one
    standard) ask it once."""
    merged: dict[tuple[ProfileKey, tuple[str, ...]], ProfileQuestion] = {}
    for pack in packs:
        for q in pack_questions(pack):
            key = (q.key, tuple(c.id for c in q.choices))
            seen = merged.get(key)
            merged[key] = q if seen is None else ProfileQuestion(
                q.key, (*seen.packs, *q.packs), seen.choices)
    return tuple(merged.values())


def unanswered(packs: Sequence[Pack], *, categories: Collection[str],
               tags: Collection[str]) -> tuple[ProfileQuestion, ...]:
    """The questions of ``packs`` a site of these categories and tags leaves unanswered."""
    given = {"categories": categories, "tags": tags}
    return tuple(q for q in profile_questions(packs) if not q.answered(given[q.key]))
