"""An installed pack edited where it is installed: a plugin's pack files copied, one of them
changed (its id kept), loaded by the real catalogue loader in place of the installed plugin."""

from __future__ import annotations

from pathlib import Path

from core.plugins.catalogue import Catalogue, PackRegistrar, build_catalogue, discover
from core.plugins.hookspecs import hookimpl

CHEM = "chem-2017"
PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
#: chem-2017 edited without a new version: any one of the 20 situations was a major hazard;
#: now it takes two.
RULE = ("  kind: direct\n  clause: 第1～20项",
        "  kind: composite\n  threshold: 2\n  clause: 第1～20项")


class EditedPlugin:
    """A plugin registering the pack files (and golden cases) in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def register_packs(self, register: PackRegistrar) -> None:
        register.pack_dir(self.folder)


def edited_catalogue(folder: Path, edit: tuple[str, str] = RULE, *,
                     plugin: str = "chemicals", file: str = "chem_2017.yaml") -> Catalogue:
    """The installed catalogue with the pack file ``file`` of the built-in ``plugin`` edited
    (``edit``: what to replace, and by what) in a copy of the plugin's packs under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted((PLUGINS / plugin).glob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        if source.name == file:
            assert edit[0] in text
            text = text.replace(*edit)
        (folder / source.name).write_text(text, encoding="utf-8")
    eps = [ep for ep in discover() if ep.name != plugin]
    catalogue = build_catalogue(eps=eps, objects={plugin: EditedPlugin(folder)})
    assert not catalogue.errors, catalogue.errors
    return catalogue


def without_chemicals() -> Catalogue:
    """The installed catalogue with the chemicals plugin (and chem-2017) uninstalled."""
    return build_catalogue(eps=[ep for ep in discover() if ep.name != "chemicals"])
