"""Settings: explicit arguments first, then ``UNIONAI_*`` environment variables,
then defaults under ``~/.unionai/`` (or ``$UNIONAI_HOME``).

Nothing here reads files or creates directories at import time;
:meth:`Settings.ensure_home` creates the home directory (mode 0700) on demand.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["ENV_VARS", "Settings"]

#: Every environment variable the SDK reads, with what it sets.
ENV_VARS: Mapping[str, str] = {
    "UNIONAI_MODEL": "litellm model string, e.g. openai/gpt-4o-mini or ollama/llama3",
    "UNIONAI_API_BASE": "base URL of an OpenAI-compatible server or LiteLLM proxy",
    "UNIONAI_API_KEY": "API key for the model provider (else the provider's own variable)",
    "UNIONAI_HOME": "directory for the default stores (default ~/.unionai)",
    "UNIONAI_REVIEW_URL": "SQLAlchemy URL of the review store",
    "UNIONAI_AUDIT": "audit log target: a JSONL path or a SQLAlchemy URL",
    "UNIONAI_AUDIT_KEY": "HMAC key for the audit hash chain",
    "UNIONAI_USER": "the acting user's id for the command line",
    "UNIONAI_USER_NAME": "the acting user's display name for the command line",
    "UNIONAI_ROLES": "the acting user's roles for the command line, comma-separated",
    "UNIONAI_VAULT_KEY": "Fernet key that encrypts persisted vaults",
}


def _env(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


@dataclass(frozen=True)
class Settings:
    """Resolved configuration. Build it with :meth:`Settings.resolve`."""

    home: Path
    model: str | None = None
    api_base: str | None = None
    api_key: str | None = field(default=None, repr=False)
    review_url: str = ""
    audit_target: str = ""
    audit_key: str | None = field(default=None, repr=False)
    user: str | None = None
    vault_key: str | None = field(default=None, repr=False)

    @classmethod
    def resolve(
        cls,
        *,
        model: str | None = None,
        api_base: str | None = None,
        api_key: str | None = None,
        home: str | os.PathLike[str] | None = None,
        review_url: str | None = None,
        audit_target: str | os.PathLike[str] | None = None,
        audit_key: str | None = None,
        user: str | None = None,
        vault_key: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Arguments win over ``UNIONAI_*`` variables, which win over defaults."""
        env = os.environ if environ is None else environ
        home_path = Path(home or _env(env, "UNIONAI_HOME") or Path("~/.unionai")).expanduser()
        return cls(
            home=home_path,
            model=model or _env(env, "UNIONAI_MODEL"),
            api_base=api_base or _env(env, "UNIONAI_API_BASE"),
            api_key=api_key or _env(env, "UNIONAI_API_KEY"),
            review_url=review_url
            or _env(env, "UNIONAI_REVIEW_URL")
            or f"sqlite:///{home_path / 'reviews.db'}",
            audit_target=str(
                audit_target or _env(env, "UNIONAI_AUDIT") or home_path / "audit.jsonl"
            ),
            audit_key=audit_key or _env(env, "UNIONAI_AUDIT_KEY"),
            user=user or _env(env, "UNIONAI_USER"),
            vault_key=vault_key or _env(env, "UNIONAI_VAULT_KEY"),
        )

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def ensure_home(self) -> Path:
        """Create the home directory (0700) if needed and return it."""
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.home
