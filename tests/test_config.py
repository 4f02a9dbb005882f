from __future__ import annotations

from pathlib import Path

import pytest

from unionai_sdk._config import ENV_VARS, Settings


def test_defaults_live_under_home(tmp_path: Path) -> None:
    s = Settings.resolve(environ={"UNIONAI_HOME": str(tmp_path)})
    assert s.home == tmp_path
    assert s.review_url == f"sqlite:///{tmp_path / 'reviews.db'}"
    assert s.audit_target == str(tmp_path / "audit.jsonl")
    assert s.model is None
    assert s.user is None


def test_environment_overrides_defaults(tmp_path: Path) -> None:
    env = {
        "UNIONAI_HOME": str(tmp_path),
        "UNIONAI_MODEL": "ollama/llama3",
        "UNIONAI_API_BASE": "http://127.0.0.1:11434",
        "UNIONAI_REVIEW_URL": "postgresql+psycopg://u@h/db",
        "UNIONAI_AUDIT": "/var/log/audit.jsonl",
        "UNIONAI_USER": "a.seitova",
    }
    s = Settings.resolve(environ=env)
    assert s.model == "ollama/llama3"
    assert s.api_base == "http://127.0.0.1:11434"
    assert s.review_url == "postgresql+psycopg://u@h/db"
    assert s.audit_target == "/var/log/audit.jsonl"
    assert s.user == "a.seitova"


def test_arguments_override_environment(tmp_path: Path) -> None:
    env = {"UNIONAI_MODEL": "ollama/llama3", "UNIONAI_USER": "env-user"}
    s = Settings.resolve(model="openai/gpt-4o-mini", user="arg-user", home=tmp_path, environ=env)
    assert s.model == "openai/gpt-4o-mini"
    assert s.user == "arg-user"
    assert s.home == tmp_path


def test_blank_variables_count_as_unset() -> None:
    s = Settings.resolve(environ={"UNIONAI_MODEL": "  ", "UNIONAI_HOME": "/tmp/x"})
    assert s.model is None


def test_secrets_are_not_in_repr() -> None:
    s = Settings.resolve(
        api_key="sk-secret", vault_key="VAULTKEY123", audit_key="AUDITKEY456", environ={}
    )
    text = repr(s)
    for secret in ("sk-secret", "VAULTKEY123", "AUDITKEY456"):
        assert secret not in text


def test_ensure_home_creates_private_directory(tmp_path: Path) -> None:
    s = Settings.resolve(home=tmp_path / "new" / "home", environ={})
    path = s.ensure_home()
    assert path.is_dir()
    assert path.stat().st_mode & 0o777 == 0o700


def test_every_env_var_is_documented() -> None:
    assert all(name.startswith("UNIONAI_") and text for name, text in ENV_VARS.items())


@pytest.mark.parametrize("field", ["model", "api_base", "user"])
def test_with_replaces_one_field(field: str) -> None:
    s = Settings.resolve(environ={})
    assert getattr(s.with_(**{field: "x"}), field) == "x"
