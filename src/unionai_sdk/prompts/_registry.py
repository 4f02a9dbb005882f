"""Find template files and pick versions: ``<kind>.<lang>.v<N>.toml``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from unionai_sdk.exceptions import TemplateError
from unionai_sdk.prompts._template import PromptTemplate

__all__ = ["TEMPLATES_DIR", "TemplateRegistry", "available", "get", "names"]

TEMPLATES_DIR = Path(__file__).parent / "templates"
_FILE_RE = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\.(?P<lang>[a-z]{2})\.v(?P<version>[1-9]\d*)\.toml$"
)


class TemplateRegistry:
    """The templates of one directory. Files are read once, on first use."""

    def __init__(self, directory: str | Path = TEMPLATES_DIR) -> None:
        self.directory = Path(directory)
        self._index: dict[str, dict[str, dict[int, Path]]] | None = None
        self._loaded: dict[Path, PromptTemplate] = {}

    def _scan(self) -> dict[str, dict[str, dict[int, Path]]]:
        if self._index is None:
            index: dict[str, dict[str, dict[int, Path]]] = {}
            for path in sorted(self.directory.glob("*.toml")):
                m = _FILE_RE.match(path.name)
                if m is None:
                    continue
                index.setdefault(m["name"], {}).setdefault(m["lang"], {})[int(m["version"])] = path
            self._index = index
        return self._index

    def names(self) -> list[str]:
        """The template kinds, sorted."""
        return sorted(self._scan())

    def available(self) -> list[str]:
        """Every file as ``"<name>.<lang>.v<N>"``, sorted."""
        return sorted(
            f"{name}.{lang}.v{version}"
            for name, langs in self._scan().items()
            for lang, versions in langs.items()
            for version in versions
        )

    def get(self, name: str, lang: str = "ru", version: int | None = None) -> PromptTemplate:
        """The template ``name`` in ``lang``: the given version, or the latest."""
        index = self._scan()
        if name not in index:
            raise TemplateError(
                f"Unknown template {name!r}. Available: {', '.join(sorted(index)) or 'none'}.",
                template=name,
            )
        langs = index[name]
        if lang not in langs:
            raise TemplateError(
                f"Template {name!r} has no language {lang!r}. "
                f"Available: {', '.join(sorted(langs))}.",
                template=name,
            )
        versions = langs[lang]
        chosen = max(versions) if version is None else version
        if chosen not in versions:
            raise TemplateError(
                f"Template {name}.{lang} has no version {version}. "
                f"Available: {', '.join(f'v{v}' for v in sorted(versions))}.",
                template=f"{name}.{lang}",
            )
        path = versions[chosen]
        if path not in self._loaded:
            self._loaded[path] = PromptTemplate.load(path)
        return self._loaded[path]


@cache
def _default() -> TemplateRegistry:
    return TemplateRegistry()


def get(name: str, lang: str = "ru", version: int | None = None) -> PromptTemplate:
    """The packaged template ``name`` in ``lang`` (``"ru"`` or ``"kk"``), latest by default."""
    return _default().get(name, lang, version)


def names() -> list[str]:
    """The packaged template kinds (``legal_memo``, ``member_faq``, ``resolution``, ...)."""
    return _default().names()


def available() -> list[str]:
    """Every packaged template as ``"<name>.<lang>.v<N>"``."""
    return _default().available()
