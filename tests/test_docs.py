"""The generated reference documentation is current, complete, and its example is a valid pack."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ConfigDict

from core.pack.loader import parse_pack
from core.pack.model import Frozen
from core.plugins.catalogue import Catalogue, PackRegistrar
from core.plugins.hookspecs import AnjianSpec, hookspec

ROOT = Path(__file__).resolve().parents[1]


def _docgen() -> ModuleType:
    """``docs/docgen.py``, a developer tool outside the installed packages."""
    spec = importlib.util.spec_from_file_location("docgen", ROOT / "docs" / "docgen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docgen = _docgen()


# --- the committed files are what docgen produces now -------------------------------------

@pytest.mark.parametrize("rel", sorted(docgen.outputs()))
def test_committed_docs_are_current(rel: str) -> None:
    path = ROOT / rel
    assert path.is_file(), f"{rel} is missing; run `python docs/docgen.py`"
    assert path.read_text(encoding="utf-8") == docgen.outputs()[rel], (
        f"{rel} is out of date; run `python docs/docgen.py`")


def test_check_mode_passes_on_the_repository() -> None:
    done = subprocess.run([sys.executable, "docs/docgen.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_check_mode_names_each_stale_file(tmp_path: Path) -> None:
    for rel, text in docgen.outputs().items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert docgen.stale(tmp_path) == []
    (tmp_path / docgen.HOOKS_FILE).write_text("# Hook reference\n\nedited by hand\n",
                                              encoding="utf-8")
    (tmp_path / docgen.SCHEMA_FILE).unlink()
    assert docgen.stale(tmp_path) == sorted([docgen.HOOKS_FILE, docgen.SCHEMA_FILE],
                                            key=list(docgen.outputs()).index)


def test_output_is_deterministic() -> None:
    assert docgen.outputs() == docgen.outputs()
    for rel, text in docgen.outputs().items():
        assert text.endswith("\n") and not text.endswith("\n\n"), rel


# --- hooks ---------------------------------------------------------------------------------

def test_every_hookspec_is_documented() -> None:
    specs = docgen.hookspecs_of(AnjianSpec)
    assert [name for name, _ in specs] == [n for n in vars(AnjianSpec) if not n.startswith("_")]
    for name, fn in specs:
        assert (fn.__doc__ or "").strip(), f"hook {name} has no docstring"
        for section in docgen.HOOK_SECTIONS:
            assert section in (fn.__doc__ or ""), f"hook {name} lacks '{section}'"
    assert docgen.undocumented_hooks(AnjianSpec) == []


def test_undocumented_hook_is_reported() -> None:
    class Spec:
        @hookspec
        def documented(self, register: PackRegistrar) -> None:
            """Do a thing.

            When: always.

            Parameters:
                register: the registrar.

            What the plugin should do: the thing.

            Added in: 9.9.
            """

        @hookspec
        def bare(self, register: PackRegistrar) -> None: ...

        @hookspec
        def sketchy(self, register: PackRegistrar) -> None:
            """When: sometime."""

        def helper(self) -> None:
            """Not a hook: no ``@hookspec``."""

    assert [n for n, _ in docgen.hookspecs_of(Spec)] == ["documented", "bare", "sketchy"]
    problems = docgen.undocumented_hooks(Spec)
    assert problems[0] == "bare: no docstring"
    assert problems[1].startswith("sketchy: docstring lacks")
    assert "'Parameters:'" in problems[1] and "'When:'" not in problems[1]
    assert len(problems) == 2


def test_hook_reference_lists_every_hook_and_registrar_method() -> None:
    text = docgen.hooks_md()
    for name, fn in docgen.hookspecs_of(AnjianSpec):
        assert f"## {name}\n" in text
        assert docgen.signature(fn) in text
    for name in ("pack_file", "pack_dir", "cases_dir", "pack", "colour_policy"):
        assert f"### register.{name}\n" in text
        assert docgen.signature(getattr(PackRegistrar, name)) in text
    assert "@hookimpl" in text
    assert "pack(pack: Pack, source: str = '<python>') -> None" in text


# --- pack fields ---------------------------------------------------------------------------

def test_every_field_has_a_description() -> None:
    schema = docgen.pack_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]
    fields = [f for node in [schema, *schema["$defs"].values()]
              for f in node.get("properties", {})]
    assert len(fields) > 80, "the schema walk found too few fields"
    assert docgen.undescribed_fields(schema) == []


def test_every_model_is_documented_in_pack_format() -> None:
    text = docgen.pack_format_md()
    for name in ["Pack", *docgen.pack_schema()["$defs"]]:
        assert f"\n## {name}\n" in text, f"{name} missing from pack-format.md"
    assert "| `threshold` | integer ≥ 1 | optional (`1`) |" in text


def test_undescribed_field_is_caught() -> None:
    # Field docstrings reach a throwaway schema through pydantic; the pack's reach it through
    # docgen.pack_schema.
    config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    class Inner(Frozen):
        model_config = config
        value: int
        """Described."""

    class Throwaway(Frozen):
        """A model for this test."""

        model_config = config
        described: int = 0
        """Has a description."""
        bare: str = ""
        inner: Inner | None = None
        """Also described; ``Inner`` itself has no docstring."""

    assert docgen.undescribed_fields(Throwaway.model_json_schema()) == ["Throwaway.bare",
                                                                        "Inner"]


# --- the example ---------------------------------------------------------------------------

def test_pack_format_example_validates() -> None:
    text = (ROOT / docgen.FORMAT_FILE).read_text(encoding="utf-8")
    example = docgen.example_from_markdown(text)
    pack = parse_pack(example, docgen.FORMAT_FILE)
    assert {r.kind for r in pack.rules} == {"direct", "composite"}
    assert any(i.measure for i in pack.items())
    assert "# yaml-language-server: $schema=" in text


def test_example_extraction_fails_without_the_block() -> None:
    with pytest.raises(ValueError, match="minimal pack"):
        docgen.example_from_markdown("# Pack format\n\nno example here\n")


def test_schema_accepts_every_installed_pack(catalogue: Catalogue) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(docgen.pack_schema())
    assert catalogue.entries
    for pid, entry in catalogue.entries.items():
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(entry.pack.model_dump(mode="json"))]
        assert not errors, f"{pid}: {errors[:5]}"
    assert list(validator.iter_errors({"id": "x"})), "the schema accepted a bare mapping"
