"""The vault: placeholders, persistence, encryption, the key file."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from unionai_sdk._config import Settings
from unionai_sdk.exceptions import AnonymizationError, ConfigurationError
from unionai_sdk.privacy import Vault, load_vault_key


def test_same_value_same_placeholder_and_numbering_per_type() -> None:
    v = Vault()
    assert v.placeholder_for("PERSON", "Иванов Иван") == "<PERSON_1>"
    assert v.placeholder_for("PERSON", "Петрова Анна") == "<PERSON_2>"
    assert v.placeholder_for("KZ_IIN", "900101 300123") == "<KZ_IIN_1>"
    assert v.placeholder_for("KZ_IIN", "900101300123") == "<KZ_IIN_1>"
    assert v.placeholder_for("PHONE_NUMBER", "+7 701 123 45 67") == "<PHONE_NUMBER_1>"
    assert v.placeholder_for("PHONE_NUMBER", "8 (701) 1234567") == "<PHONE_NUMBER_1>"
    assert v.placeholder_for("PERSON", "x", key="person:иванов") == "<PERSON_3>"
    assert len(v) == 5
    assert "<PERSON_1>" in v
    assert "<PERSON_9>" not in v
    assert v.original("<KZ_IIN_1>") == "900101 300123"
    assert v.original("<PERSON_9>") is None
    assert "Иванов" not in repr(v)


def test_alias_and_lookup() -> None:
    v = Vault()
    p = v.placeholder_for("PERSON", "Иванов Иван", key="person:иванов:иван")
    assert v.add_alias(p, "person:иванов")
    assert v.lookup("PERSON", "person:иванов") == p
    q = v.placeholder_for("PERSON", "Петров", key="person:петров")
    assert not v.add_alias(q, "person:иванов")  # taken by another person


def test_invalid_entity_type_rejected() -> None:
    with pytest.raises(ValueError, match="entity_type"):
        Vault().placeholder_for("person", "x")


def test_dict_roundtrip_and_merge() -> None:
    v = Vault()
    v.placeholder_for("PERSON", "Иванов Иван", key="k1")
    v.placeholder_for("EMAIL_ADDRESS", "a@b.kz")
    w = Vault.from_dict(v.to_dict())
    assert w.items() == v.items()
    assert w.placeholder_for("PERSON", "другое", key="k1") == "<PERSON_1>"
    assert w.placeholder_for("PERSON", "новый") == "<PERSON_2>"
    other = Vault()
    other.placeholder_for("EMAIL_ADDRESS", "c@d.kz")
    other.placeholder_for("EMAIL_ADDRESS", "a@b.kz")
    renamed = v.merge(other)
    assert renamed == {
        "<EMAIL_ADDRESS_1>": "<EMAIL_ADDRESS_2>",
        "<EMAIL_ADDRESS_2>": "<EMAIL_ADDRESS_1>",
    }
    assert pickle.loads(pickle.dumps(v)).items() == v.items()


def test_from_dict_rejects_garbage() -> None:
    with pytest.raises(AnonymizationError):
        Vault.from_dict({"version": 99})
    with pytest.raises(AnonymizationError):
        Vault.from_dict({"version": 1, "entries": [{"placeholder": "x"}]})


def test_encrypt_decrypt_roundtrip_and_wrong_key() -> None:
    v = Vault()
    v.placeholder_for("PERSON", "Жұмабаев Ерлан")
    key = Fernet.generate_key()
    token = v.encrypt(key)
    assert "Жұмабаев".encode() not in token
    assert Vault.decrypt(token, key).items() == v.items()
    with pytest.raises(AnonymizationError) as err:
        Vault.decrypt(token, Fernet.generate_key())
    assert "Жұмабаев" not in str(err.value)
    with pytest.raises(AnonymizationError):
        Vault.decrypt(b"not a token", key)
    with pytest.raises(AnonymizationError):
        Vault.decrypt(token, b"short")
    with pytest.raises(ConfigurationError):
        v.encrypt(b"short")


def test_key_file_created_once_with_mode_0600(tmp_path: Path) -> None:
    settings = Settings.resolve(home=tmp_path / "home", environ={})
    key1 = load_vault_key(settings)
    path = tmp_path / "home" / "vault.key"
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_vault_key(settings) == key1
    Fernet(key1)  # a valid Fernet key
    # the default key (from UNIONAI_HOME set by the shared fixture) encrypts and decrypts
    v = Vault()
    v.placeholder_for("PERSON", "x")
    assert Vault.decrypt(v.encrypt()).items() == v.items()
    assert not list(path.parent.glob(".vault.key.*"))  # no temp files left


def test_key_from_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = Fernet.generate_key()
    monkeypatch.setenv("UNIONAI_VAULT_KEY", key.decode())
    assert load_vault_key() == key
    assert not (Path(os.environ["UNIONAI_HOME"]) / "vault.key").exists()
    with pytest.raises(ConfigurationError):
        load_vault_key(Settings.resolve(home=tmp_path, vault_key="bad key", environ={}))


def test_key_file_race_between_processes(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from unionai_sdk._config import Settings\n"
        "from unionai_sdk.privacy import load_vault_key\n"
        "print(load_vault_key(Settings.resolve(home=sys.argv[1], environ={})).decode())\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path / "h")], stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    keys = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert len(keys) == 1
    assert (tmp_path / "h" / "vault.key").read_text().strip() in keys
