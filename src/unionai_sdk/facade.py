"""The facade: one object that runs the responsible flow.

::

    anonymize → render → policy check → LLM (structured) → output checks
              → submit for review → (a human approves) → release

Every step is audited. The methods return a *pending* :class:`~unionai_sdk.review.Draft`,
never final text: only :meth:`ReviewGate.release` produces a document.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from unionai_sdk._config import Settings
from unionai_sdk.audit import _events as events
from unionai_sdk.exceptions import (
    AnonymizationError,
    ConfigurationError,
    PolicyDeniedError,
    ProviderError,
    UsageError,
)
from unionai_sdk.policy import Policy, User

if TYPE_CHECKING:
    from unionai_sdk.audit import AuditSink
    from unionai_sdk.llm import LLMClient, StructuredResponse
    from unionai_sdk.privacy import AnonymizedText, Anonymizer, Vault
    from unionai_sdk.prompts import PromptTemplate
    from unionai_sdk.review import Draft, ReviewGate

__all__ = ["Preview", "UnionAI"]

Message = dict[str, str]

#: Default largest member text one request takes (about 100 pages; more than most
#: models' context). Bigger documents are split by the caller.
MAX_INPUT_CHARS = 300_000


def _sha256(data: str) -> str:
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def _is_blank(text: str) -> bool:
    """Only whitespace and invisible format characters (zero-width, bidi marks)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def _messages_hash(messages: Sequence[Message]) -> str:
    canonical = json.dumps(
        list(messages), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return _sha256(canonical)


@dataclass(frozen=True)
class Preview:
    """Exactly what would leave the machine for one request. Nothing was sent."""

    kind: str
    lang: str
    model: str | None
    template: str
    template_version: str
    messages: list[Message]
    entity_counts: dict[str, int]
    risk_flags: tuple[str, ...]
    vault: Vault = field(repr=False)
    prompt: PromptTemplate = field(repr=False)

    def to_text(self) -> str:
        """The messages as a human-readable transcript (Russian headings)."""
        lines = [
            f"Модель: {self.model or '(не настроена)'}",
            f"Шаблон: {self.template_version}",
            "Обезличено: "
            + (", ".join(f"{k}={v}" for k, v in sorted(self.entity_counts.items())) or "ничего"),
        ]
        if self.risk_flags:
            lines.append("Предупреждения: " + ", ".join(self.risk_flags))
        for message in self.messages:
            lines.append(f"\n--- {message['role']} ---\n{message['content']}")
        return "\n".join(lines)


class UnionAI:
    """Draft union documents with an LLM, safely.

    >>> ai = UnionAI(model="openai/gpt-4o-mini", user=User("a.seitova", roles={"lawyer"}))
    >>> draft = ai.legal_memo(facts=appeal_text, question="Правомерно ли увольнение?")
    >>> draft.status
    'pending'

    Arguments override ``UNIONAI_*`` environment variables, which override the
    defaults under ``~/.unionai/``. ``llm``, ``review``, ``audit`` and
    ``anonymizer`` accept ready objects (dependency injection) or, for
    ``review``/``audit``, a URL/path. A member text longer than ``max_input_chars``
    is refused with :class:`UsageError` before anything is analyzed or sent.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        user: User,
        api_base: str | None = None,
        api_key: str | None = None,
        llm: LLMClient | None = None,
        review: ReviewGate | str | None = None,
        audit: AuditSink | str | None = None,
        policy: Policy | None = None,
        anonymizer: Anonymizer | None = None,
        anonymize: bool = True,
        max_repairs: int = 2,
        max_input_chars: int = MAX_INPUT_CHARS,
        settings: Settings | None = None,
    ) -> None:
        if not isinstance(user, User):
            raise ConfigurationError(
                "UnionAI needs user=User(...), the acting staff member.", setting="user"
            )
        self._settings = settings or Settings.resolve(
            model=model, api_base=api_base, api_key=api_key
        )
        self.user = user
        self.policy = policy or Policy()
        self._llm = llm
        self._anonymizer = anonymizer
        self._anonymize = anonymize
        self._max_repairs = max_repairs
        if max_input_chars < 1:
            raise ConfigurationError("max_input_chars must be >= 1", setting="max_input_chars")
        self._max_input_chars = max_input_chars
        self.audit = self._make_audit(audit)
        self.review = self._make_review(review)

    # -- wiring ------------------------------------------------------------------

    def _make_audit(self, audit: AuditSink | str | None) -> AuditSink:
        if audit is not None and not isinstance(audit, str):
            return audit
        from unionai_sdk.audit import AuditLog

        return AuditLog(
            audit or self._settings.audit_target, user=self.user.id, settings=self._settings
        )

    def _make_review(self, review: ReviewGate | str | None) -> ReviewGate:
        from unionai_sdk.review import ReviewGate

        if isinstance(review, ReviewGate):
            return review
        return ReviewGate(
            review or self._settings.review_url,
            policy=self.policy,
            audit=self.audit,
            settings=self._settings,
        )

    @property
    def model(self) -> str | None:
        """The model string drafts are sent to (``None`` if not configured)."""
        if self._llm is not None:
            return self._llm.model
        return self._settings.model

    @property
    def llm(self) -> LLMClient:
        if self._llm is None:
            from unionai_sdk.llm import LLMClient

            if not self._settings.model:
                raise ConfigurationError(
                    "No model is configured. Pass model='openai/gpt-4o-mini' (any litellm model "
                    "string, e.g. 'ollama/llama3') or set UNIONAI_MODEL; for an OpenAI-compatible "
                    "server or an organization's LiteLLM proxy also set UNIONAI_API_BASE. "
                    "Use the preview_* methods to see what would be sent without a model.",
                    setting="UNIONAI_MODEL",
                )
            self._llm = LLMClient(
                self._settings.model,
                api_base=self._settings.api_base,
                api_key=self._settings.api_key,
                settings=self._settings,
            )
        return self._llm

    @property
    def anonymizer(self) -> Anonymizer:
        if self._anonymizer is None:
            from unionai_sdk.privacy import Anonymizer

            self._anonymizer = Anonymizer()
        return self._anonymizer

    # -- public drafting API -------------------------------------------------------

    def legal_memo(self, *, facts: str, question: str, lang: str = "ru", **variables: str) -> Draft:
        """Draft a legal memo (правовое заключение) from a member's case."""
        return self._draft("legal_memo", lang, {"facts": facts, "question": question}, variables)

    def resolution(
        self, *, topic: str, considered: str, lang: str = "ru", **variables: str
    ) -> Draft:
        """Draft a resolution (постановление) of a presidium or executive committee."""
        return self._draft(
            "resolution", lang, {"topic": topic, "considered": considered}, variables
        )

    def member_faq(self, *, question: str, lang: str = "ru", **variables: str) -> Draft:
        """Draft an answer to a member's question."""
        return self._draft("member_faq", lang, {"question": question}, variables)

    async def alegal_memo(
        self, *, facts: str, question: str, lang: str = "ru", **variables: str
    ) -> Draft:
        return await self._adraft(
            "legal_memo", lang, {"facts": facts, "question": question}, variables
        )

    async def aresolution(
        self, *, topic: str, considered: str, lang: str = "ru", **variables: str
    ) -> Draft:
        return await self._adraft(
            "resolution", lang, {"topic": topic, "considered": considered}, variables
        )

    async def amember_faq(self, *, question: str, lang: str = "ru", **variables: str) -> Draft:
        return await self._adraft("member_faq", lang, {"question": question}, variables)

    def preview_legal_memo(
        self, *, facts: str, question: str, lang: str = "ru", **variables: str
    ) -> Preview:
        """Exactly the messages :meth:`legal_memo` would send. Sends nothing."""
        return self._prepare("legal_memo", lang, {"facts": facts, "question": question}, variables)

    def preview_resolution(
        self, *, topic: str, considered: str, lang: str = "ru", **variables: str
    ) -> Preview:
        return self._prepare(
            "resolution", lang, {"topic": topic, "considered": considered}, variables
        )

    def preview_member_faq(self, *, question: str, lang: str = "ru", **variables: str) -> Preview:
        return self._prepare("member_faq", lang, {"question": question}, variables)

    # -- the flow ---------------------------------------------------------------------

    def _deny(self, exc: PolicyDeniedError) -> PolicyDeniedError:
        self.audit.record(
            events.POLICY_DENIED,
            action=exc.action,
            kind=exc.kind,
            model=exc.model,
            user_id=self.user.id,
        )
        return exc

    def _prepare(
        self,
        kind: str,
        lang: str,
        member_texts: Mapping[str, str],
        variables: Mapping[str, str],
    ) -> Preview:
        from unionai_sdk import checks, prompts

        try:
            self.policy.check_draft(self.user, kind)
        except PolicyDeniedError as exc:
            raise self._deny(exc) from None
        for name, value in member_texts.items():
            if not isinstance(value, str):
                raise AnonymizationError(
                    f"{name!r} must be text (str), got {type(value).__name__}."
                )
            if _is_blank(value):
                raise UsageError(
                    f"{name!r} is empty: there is nothing to draft from. Nothing was sent."
                )
            if len(value) > self._max_input_chars:
                raise UsageError(
                    f"{name!r} has {len(value):,} characters, more than one request takes "
                    f"(max_input_chars={self._max_input_chars:,}). Split the document or "
                    "send the relevant part. Nothing was sent."
                )
        template: PromptTemplate = prompts.get(kind, lang=lang)
        flags = set(checks.injection_flags(member_texts.values()))

        masked_texts, vault, counts = self._mask({**member_texts, **variables})
        model = self.model
        if model is not None:
            try:
                self.policy.check_model(
                    model, raw_personal_data=not self._anonymize, user=self.user
                )
            except PolicyDeniedError as exc:
                raise self._deny(exc) from None
        messages = template.render(**masked_texts)
        if self._anonymize:
            self._refuse_residual_identifiers(messages)
        return Preview(
            kind=kind,
            lang=lang,
            model=model,
            template=template.name,
            template_version=template.prompt_version,
            messages=messages,
            entity_counts=counts,
            risk_flags=tuple(sorted(flags)),
            vault=vault,
            prompt=template,
        )

    def _mask(self, texts: Mapping[str, str]) -> tuple[dict[str, str], Vault, dict[str, int]]:
        from unionai_sdk.privacy import Vault

        vault = Vault()
        if not self._anonymize:
            return dict(texts), vault, {}
        masked: dict[str, str] = {}
        counts: Counter[str] = Counter()
        for name, value in texts.items():
            result: AnonymizedText = self.anonymizer.anonymize(value, vault=vault)
            masked[name] = result.text
            counts.update(e.entity_type for e in result.entities)
        return masked, vault, dict(counts)

    @staticmethod
    def _refuse_residual_identifiers(messages: Sequence[Message]) -> None:
        """Fail closed: never send if an identifier survived anonymization."""
        from unionai_sdk.privacy import scan_identifiers

        found = Counter(e.entity_type for m in messages for e in scan_identifiers(m["content"]))
        if found:
            raise AnonymizationError(
                "Refusing to send: identifiers remained after anonymization "
                f"({', '.join(f'{t}={n}' for t, n in sorted(found.items()))}). Nothing was sent."
            )

    def _before_send(self, preview: Preview) -> None:
        self.audit.record(
            events.ANONYMIZED,
            kind=preview.kind,
            entity_counts=preview.entity_counts,
            user_id=self.user.id,
        )
        self.audit.record(
            events.LLM_REQUEST,
            model=preview.model,
            kind=preview.kind,
            template=preview.template,
            template_version=preview.template_version,
            messages_sha256=_messages_hash(preview.messages),
            message_count=len(preview.messages),
        )

    def _after_error(self, preview: Preview, exc: ProviderError) -> None:
        self.audit.record(
            events.LLM_ERROR,
            model=preview.model,
            kind=preview.kind,
            error_type=type(exc).__name__,
            status_code=exc.status_code,
            retryable=exc.retryable,
            attempts=getattr(exc, "attempts", None),
        )

    def _finish(self, preview: Preview, result: StructuredResponse[Any]) -> Draft:
        from unionai_sdk import checks

        response = result.response
        text = preview.prompt.to_document(result.output)
        self.audit.record(
            events.LLM_RESPONSE,
            model=response.model,
            kind=preview.kind,
            prompt_tokens=response.usage.prompt_tokens,
            completion_tokens=response.usage.completion_tokens,
            total_tokens=response.usage.total_tokens,
            cost_usd=response.cost_usd,
            latency_s=round(response.latency_s, 4),
            response_sha256=_sha256(response.text),
            request_id=response.request_id,
            repairs=result.repairs,
        )
        flags = set(preview.risk_flags)
        flags.update(
            checks.output_flags(text, preview.vault, result.output, repairs=result.repairs)
        )
        metadata = {
            "model": response.model,
            "prompt": preview.template,
            "prompt_version": preview.template_version,
            "usage": {
                "prompt_tokens": response.usage.prompt_tokens,
                "completion_tokens": response.usage.completion_tokens,
                "total_tokens": response.usage.total_tokens,
            },
            "cost_usd": response.cost_usd,
            "request_id": response.request_id,
            "repairs": result.repairs,
            "entity_counts": preview.entity_counts,
            "output": result.output.model_dump(mode="json"),
        }
        return self.review.submit(
            text,
            kind=preview.kind,
            author=self.user,
            vault=preview.vault,
            lang=preview.lang,
            metadata=metadata,
            risk_flags=sorted(flags),
        )

    def _draft(
        self,
        kind: str,
        lang: str,
        member_texts: Mapping[str, str],
        variables: Mapping[str, str],
    ) -> Draft:
        preview = self._prepare(kind, lang, member_texts, variables)
        llm = self.llm
        self._before_send(preview)
        try:
            result = llm.complete_structured(
                preview.messages, preview.prompt.schema, max_repairs=self._max_repairs
            )
        except ProviderError as exc:
            self._after_error(preview, exc)
            raise
        return self._finish(preview, result)

    async def _adraft(
        self,
        kind: str,
        lang: str,
        member_texts: Mapping[str, str],
        variables: Mapping[str, str],
    ) -> Draft:
        # anonymization is CPU-bound: keep the event loop free
        preview = await asyncio.to_thread(self._prepare, kind, lang, member_texts, variables)
        llm = self.llm
        self._before_send(preview)
        try:
            result = await llm.acomplete_structured(
                preview.messages, preview.prompt.schema, max_repairs=self._max_repairs
            )
        except ProviderError as exc:
            self._after_error(preview, exc)
            raise
        return await asyncio.to_thread(self._finish, preview, result)

    def close(self) -> None:
        self.review.close()
        close = getattr(self.audit, "close", None)
        if callable(close):
            close()

    def __enter__(self) -> UnionAI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
