from __future__ import annotations

import inspect

import unionai_sdk
from unionai_sdk import exceptions


def _classes() -> list[type[BaseException]]:
    return [
        obj
        for _, obj in inspect.getmembers(exceptions, inspect.isclass)
        if issubclass(obj, BaseException) and obj.__module__ == exceptions.__name__
    ]


def test_every_error_derives_from_the_root() -> None:
    for cls in _classes():
        assert issubclass(cls, unionai_sdk.UnionAIError), cls


def test_the_tree_in_the_docstring_names_every_class() -> None:
    doc = exceptions.__doc__ or ""
    for cls in _classes():
        assert cls.__name__ in doc, f"{cls.__name__} is missing from the drawn tree"


def test_every_error_is_exported() -> None:
    for cls in _classes():
        assert cls.__name__ in exceptions.__all__
        assert getattr(unionai_sdk, cls.__name__) is cls


def test_usage_and_runtime_errors_are_separate() -> None:
    usage = {exceptions.ConfigurationError, exceptions.MissingExtraError, exceptions.TemplateError}
    for cls in _classes():
        assert issubclass(cls, exceptions.UsageError) == (cls in usage | {exceptions.UsageError})


def test_retryable_flags() -> None:
    assert exceptions.RateLimitError("x").retryable
    assert exceptions.ProviderTimeoutError("x").retryable
    assert exceptions.ProviderUnavailableError("x").retryable
    for cls in (
        exceptions.AuthenticationError,
        exceptions.ContextWindowError,
        exceptions.ContentPolicyError,
        exceptions.BadRequestError,
    ):
        assert not cls("x").retryable
    assert exceptions.ProviderError("x", retryable=True).retryable


def test_errors_carry_typed_attributes() -> None:
    err = exceptions.RateLimitError("slow down", retry_after=2.5, model="openai/x")
    assert (err.retry_after, err.model, err.status_code) == (2.5, "openai/x", 429)
    s = exceptions.StructuredOutputError(
        "bad", schema="LegalMemo", attempts=3, errors=("a", "b", "c")
    )
    assert (s.schema, s.attempts, s.errors, s.retryable) == ("LegalMemo", 3, ("a", "b", "c"), False)
    m = exceptions.MissingExtraError("analytics", "pandas")
    assert "unionai-sdk[analytics]" in str(m)
    n = exceptions.NotApprovedError("no", draft_id="d1", approvals=1, required=2)
    assert (n.draft_id, n.approvals, n.required) == ("d1", 1, 2)
