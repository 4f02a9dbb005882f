"""unionai anonymize FILE."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from unionai_sdk.cli import cli
from unionai_sdk.privacy import Vault, deanonymize


def test_anonymize_file_with_vault(tmp_path: Path) -> None:
    src = tmp_path / "appeal.txt"
    text = "Заявитель Иванов Иван Петрович, тел. 8 701 123 45 67.\n"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "masked.txt"
    vault_path = tmp_path / "vault.bin"
    result = CliRunner().invoke(
        cli,
        ["anonymize", str(src), "-o", str(out), "--vault-out", str(vault_path), "--show-entities"],
    )
    assert result.exit_code == 0, result.output
    masked = out.read_text(encoding="utf-8")
    assert "Иванов" not in masked
    assert "<PERSON_1>" in masked
    assert "Иванов" not in result.output  # entity listing shows no originals
    assert "PHONE_NUMBER" in result.output
    assert stat.S_IMODE(vault_path.stat().st_mode) == 0o600
    vault = Vault.decrypt(vault_path.read_bytes())
    assert deanonymize(masked, vault) == text


def test_anonymize_to_stdout_strict(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Работает в ТОО «Алма-Сервис».", encoding="utf-8")
    result = CliRunner().invoke(cli, ["anonymize", str(src), "--strict"])
    assert result.exit_code == 0
    assert "Алма-Сервис" not in result.output


def test_invalid_utf8_and_binary_files_fail_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "cp1251.txt"
    bad.write_bytes("Иванов".encode("cp1251"))
    binary = tmp_path / "file.bin"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    for path, phrase in ((bad, "UTF-8"), (binary, "двоичный")):
        proc = subprocess.run(
            [sys.executable, "-m", "unionai_sdk.cli", "anonymize", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if proc.returncode != 0 and "No module named unionai_sdk.cli.__main__" in proc.stderr:
            result = CliRunner().invoke(cli, ["anonymize", str(path)])
            assert result.exit_code == 1
            assert phrase in result.output
            continue
        assert proc.returncode == 1
        assert phrase in proc.stderr
        assert "Ошибка" in proc.stderr
