"""Prompt templates: data files with declared variables, rendered in a sandbox.

A template file (``templates/<kind>.<lang>.v<N>.toml``) declares its variables,
the output schema and the messages. Rendering uses Jinja's
:class:`~jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined`` and no
autoescaping. Member text is a variable *value*: whatever it contains
(``{{ … }}`` included) is data, never template code. It is placed between the
``<<<MEMBER_TEXT`` … ``MEMBER_TEXT>>>`` delimiters, with any delimiter inside it
neutralized.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from unionai_sdk.exceptions import TemplateError
from unionai_sdk.prompts._documents import render_document
from unionai_sdk.prompts._injection import fence_member_text
from unionai_sdk.prompts._schemas import (
    AppealClassification,
    FaqAnswer,
    LegalMemo,
    Resolution,
)

if TYPE_CHECKING:
    from jinja2 import Template

__all__ = ["SCHEMAS", "Message", "PromptTemplate", "TemplateFile", "TemplateVariable"]

Message = dict[str, str]

SCHEMAS: dict[str, type[BaseModel]] = {
    "LegalMemo": LegalMemo,
    "Resolution": Resolution,
    "FaqAnswer": FaqAnswer,
    "AppealClassification": AppealClassification,
}

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_FILE_RE = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\.(?P<lang>[a-z]{2})\.v(?P<version>[1-9]\d*)\.toml$"
)


class TemplateVariable(BaseModel):
    """One declared variable of a template file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(min_length=1)
    required: bool = True
    default: str | None = None
    member_text: bool = False
    """Untrusted text (a member's words): fenced by delimiters, must be a string."""
    auto: Literal["references"] | None = None
    """Computed when not given: ``references`` = relevant legal references for the member text."""

    @model_validator(mode="after")
    def _optional_has_value(self) -> TemplateVariable:
        if not self.required and self.default is None and self.auto is None:
            raise ValueError("an optional variable needs a default or an auto source")
        if self.required and (self.default is not None or self.auto is not None):
            raise ValueError("a required variable cannot have a default or an auto source")
        if self.member_text and self.auto is not None:
            raise ValueError("member text cannot be computed")
        return self


class TemplateMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["system", "user", "assistant"]
    content: str = Field(min_length=1)


class TemplateFile(BaseModel):
    """The content of a template file (TOML)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    lang: str = Field(pattern=r"^[a-z]{2}$")
    version: int = Field(ge=1)
    description: str = Field(min_length=1)
    output_schema: str
    variables: dict[str, TemplateVariable]
    messages: list[TemplateMessage] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> TemplateFile:
        if self.output_schema not in SCHEMAS:
            raise ValueError(f"unknown output_schema; known: {sorted(SCHEMAS)}")
        bad = [v for v in self.variables if not _IDENT.match(v)]
        if bad:
            raise ValueError(f"variable names must be lowercase identifiers: {bad}")
        return self


def _as_text(value: Any) -> str:
    """Trusted (non-member) values: strings as they are, lists and mappings as lists."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        lines = []
        for key, sub in value.items():
            if isinstance(sub, str) or not isinstance(sub, Sequence):
                lines.append(f"- {key}: {sub}")
            else:
                lines.append(f"- {key}: {', '.join(str(s) for s in sub)}")
        return "\n".join(lines)
    if isinstance(value, Sequence):
        return "\n".join(f"- {item}" for item in value)
    return str(value)


class PromptTemplate:
    """A versioned prompt for one document kind in one language.

    ``name``, ``lang``, ``version``, ``variables`` (every declared name),
    ``required_variables``, ``schema`` (the pydantic output model),
    ``prompt_version`` (``"legal_memo.ru.v1"``) and ``content_hash``
    (``"sha256:…"`` of the file) identify exactly what was sent.
    """

    def __init__(self, spec: TemplateFile, *, content_hash: str, path: Path | None = None) -> None:
        self.spec = spec
        self.name = spec.name
        self.lang = spec.lang
        self.version = spec.version
        self.description = spec.description
        self.schema: type[BaseModel] = SCHEMAS[spec.output_schema]
        self.variables: frozenset[str] = frozenset(spec.variables)
        self.required_variables: frozenset[str] = frozenset(
            n for n, v in spec.variables.items() if v.required
        )
        self.member_text_variables: frozenset[str] = frozenset(
            n for n, v in spec.variables.items() if v.member_text
        )
        self.content_hash = content_hash
        self.path = path
        self._compiled: list[tuple[str, Template]] | None = None

    # -- construction -----------------------------------------------------------

    @classmethod
    def from_toml(cls, text: str, *, path: Path | None = None) -> PromptTemplate:
        """Build a template from TOML text (``path`` names the file in errors)."""
        label = path.name if path is not None else "<string>"
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise TemplateError(f"Template file {label} is not valid TOML: {exc}") from None
        try:
            spec = TemplateFile.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise TemplateError(f"Template file {label} is invalid: {problems}") from None
        digest = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(spec, content_hash=digest, path=path)

    @classmethod
    def load(cls, path: str | Path) -> PromptTemplate:
        """Load a template file named ``<name>.<lang>.v<N>.toml`` (matching its content)."""
        path = Path(path)
        tpl = cls.from_toml(path.read_text(encoding="utf-8"), path=path)
        m = _FILE_RE.match(path.name)
        if m is None or (m["name"], m["lang"], int(m["version"])) != (
            tpl.name,
            tpl.lang,
            tpl.version,
        ):
            raise TemplateError(
                f"Template file {path.name} must be named {tpl.prompt_version}.toml",
                template=tpl.prompt_version,
            )
        return tpl

    # -- identity ---------------------------------------------------------------

    @property
    def prompt_version(self) -> str:
        """``"<name>.<lang>.v<version>"``, recorded with every draft."""
        return f"{self.name}.{self.lang}.v{self.version}"

    def __repr__(self) -> str:
        return f"<PromptTemplate {self.prompt_version} {self.content_hash[:15]}>"

    def json_schema(self) -> dict[str, Any]:
        """The JSON schema of the output model (with the field descriptions)."""
        return self.schema.model_json_schema()

    # -- rendering --------------------------------------------------------------

    def _templates(self) -> list[tuple[str, Template]]:
        if self._compiled is None:
            from jinja2 import StrictUndefined, TemplateSyntaxError, meta
            from jinja2.sandbox import SandboxedEnvironment

            env = SandboxedEnvironment(
                undefined=StrictUndefined,
                autoescape=False,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=False,
            )
            compiled: list[tuple[str, Template]] = []
            for i, message in enumerate(self.spec.messages):
                try:
                    used = meta.find_undeclared_variables(env.parse(message.content))
                    undeclared = sorted(used - self.variables)
                    if undeclared:
                        raise TemplateError(
                            f"Template {self.prompt_version} message {i} uses undeclared "
                            f"variables {undeclared}",
                            template=self.prompt_version,
                        )
                    compiled.append((message.role, env.from_string(message.content)))
                except TemplateSyntaxError as exc:
                    raise TemplateError(
                        f"Template {self.prompt_version} message {i} has a syntax error "
                        f"at line {exc.lineno}: {exc.message}",
                        template=self.prompt_version,
                    ) from None
            self._compiled = compiled
        return self._compiled

    def _context(self, given: Mapping[str, Any]) -> dict[str, str]:
        context: dict[str, str] = {}
        member_raw: list[str] = []
        for name, var in self.spec.variables.items():
            if var.member_text and name in given:
                value = given[name]
                if not isinstance(value, str):
                    raise TemplateError(
                        f"Variable {name!r} of {self.prompt_version} is member text and must be "
                        f"a string, not {type(value).__name__}",
                        template=self.prompt_version,
                    )
                member_raw.append(value)
                context[name] = fence_member_text(value)
        for name, var in self.spec.variables.items():
            if name in context:
                continue
            if name in given:
                context[name] = _as_text(given[name])
            elif var.auto == "references":
                from unionai_sdk.prompts._legal import references_for_prompt

                context[name] = references_for_prompt(
                    self.name, "\n".join(member_raw), lang=self.lang
                )
            else:
                context[name] = var.default or ""
        return context

    def render(self, **variables: Any) -> list[Message]:
        """The chat messages for these variable values.

        Missing required or unknown variables raise :class:`TemplateError`
        (with ``missing`` / ``unknown``). Nothing in a value is evaluated.
        """
        unknown = tuple(sorted(set(variables) - self.variables))
        missing = tuple(sorted(self.required_variables - set(variables)))
        if unknown or missing:
            parts = []
            if missing:
                parts.append(f"missing {list(missing)}")
            if unknown:
                parts.append(f"unknown {list(unknown)}")
            raise TemplateError(
                f"Template {self.prompt_version}: {', '.join(parts)} variables; "
                f"it takes {sorted(self.variables)} (required: {sorted(self.required_variables)}).",
                template=self.prompt_version,
                missing=missing,
                unknown=unknown,
            )
        context = self._context(variables)
        from jinja2.exceptions import SecurityError, UndefinedError
        from jinja2.exceptions import TemplateError as JinjaTemplateError

        messages: list[Message] = []
        for role, template in self._templates():
            try:
                content = template.render(context)
            except SecurityError:
                raise TemplateError(
                    f"Template {self.prompt_version} tried an unsafe operation "
                    "(the sandbox refused it)",
                    template=self.prompt_version,
                ) from None
            except UndefinedError as exc:
                raise TemplateError(
                    f"Template {self.prompt_version}: {exc.message}", template=self.prompt_version
                ) from None
            except JinjaTemplateError as exc:
                raise TemplateError(
                    f"Template {self.prompt_version} failed to render ({type(exc).__name__})",
                    template=self.prompt_version,
                ) from None
            messages.append({"role": role, "content": content.strip()})
        return messages

    # -- documents --------------------------------------------------------------

    def validate_output(self, output: BaseModel | Mapping[str, Any]) -> BaseModel:
        """``output`` as an instance of :attr:`schema` (validating dicts and other models)."""
        if isinstance(output, self.schema):
            return output
        data = output.model_dump() if isinstance(output, BaseModel) else output
        if not isinstance(data, Mapping):
            raise TemplateError(
                f"{self.prompt_version} expects a {self.schema.__name__}, "
                f"got {type(output).__name__}",
                template=self.prompt_version,
            )
        try:
            return self.schema.model_validate(data)
        except ValidationError as exc:
            raise TemplateError(
                f"Output does not match {self.schema.__name__}: {exc.error_count()} error(s) at "
                + ", ".join(sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})),
                template=self.prompt_version,
            ) from None

    def to_document(
        self, output: BaseModel | Mapping[str, Any], *, union_name: str | None = None
    ) -> str:
        """The validated output as the document staff expect (Markdown, in :attr:`lang`)."""
        return render_document(self.validate_output(output), self.lang, union_name=union_name)
