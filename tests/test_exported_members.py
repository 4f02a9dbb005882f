"""The curated public surface (like httpx's tests/test_exported_members.py)."""

from __future__ import annotations

import importlib

import pytest

import unionai_sdk


def test_all_is_sorted_and_unique() -> None:
    assert list(unionai_sdk.__all__) == sorted(set(unionai_sdk.__all__))


@pytest.mark.parametrize("name", unionai_sdk.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    value = getattr(unionai_sdk, name)
    assert value is not None
    if not name.startswith("_") and not isinstance(value, type(unionai_sdk)):
        # public classes and functions are defined inside the package
        module = getattr(value, "__module__", "")
        assert module.startswith("unionai_sdk"), (name, module)


def test_private_names_are_not_exported() -> None:
    assert all(not n.startswith("_") or n == "__version__" for n in unionai_sdk.__all__)


def test_dir_lists_the_public_names() -> None:
    assert set(unionai_sdk.__all__) <= set(dir(unionai_sdk))


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        _ = unionai_sdk.NoSuchThing


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            "unionai_sdk.llm",
            [
                "Backend",
                "LLMClient",
                "LLMResponse",
                "Message",
                "RetryPolicy",
                "StructuredResponse",
                "Usage",
            ],
        ),
        (
            "unionai_sdk.testing",
            [
                "FakeLLM",
                "OpenAICompatServer",
                "Reply",
                "capture_audit",
                "example_for_schema",
                "structured_reply",
            ],
        ),
    ],
)
def test_subpackage_all(module: str, names: list[str]) -> None:
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == mod.__all__ == names
    for name in names:
        assert getattr(mod, name) is not None
