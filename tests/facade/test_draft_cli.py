"""``unionai memo|faq|resolution``: dry run without a model, a real draft with one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionai_sdk.cli import cli
from unionai_sdk.review import ReviewGate
from unionai_sdk.testing import OpenAICompatServer, structured_reply

SAMPLE_IIN = "850312401235"  # the bundled synthetic appeal's ИИН


@pytest.fixture(scope="module")
def server() -> Iterator[OpenAICompatServer]:
    with OpenAICompatServer(handler=structured_reply) as srv:
        yield srv


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env or {}, catch_exceptions=False)
    return result.exit_code, result.output


def test_memo_without_a_model_is_a_dry_run_that_explains_setup() -> None:
    code, out = invoke("memo", "--sample", "-q", "Законно ли увольнение?")
    assert code == 0, out
    assert "Модель не настроена" in out
    assert "UNIONAI_MODEL" in out
    assert "<KZ_IIN_1>" in out
    assert SAMPLE_IIN not in out
    assert "Жумабаев" not in out


def test_memo_needs_a_file_or_the_sample(tmp_path: Path) -> None:
    code, out = invoke("memo", "-q", "?")
    assert code == 2
    assert "--sample" in out


def test_binary_and_non_utf8_files_are_refused_in_russian(tmp_path: Path) -> None:
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02")
    latin = tmp_path / "appeal.txt"
    latin.write_bytes("Обращение".encode("cp1251"))
    for path, words in ((binary, "двоичный"), (latin, "UTF-8")):
        code, out = invoke("memo", str(path), "-q", "?")
        assert code == 2
        assert words in out


def test_memo_with_a_model_creates_a_pending_draft(
    server: OpenAICompatServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'reviews.db'}"
    before = len(server.raw_bodies)
    env = {
        "UNIONAI_API_KEY": "test-key",
        "UNIONAI_USER": "a.seitova",
        "UNIONAI_ROLES": "lawyer",
    }
    code, out = invoke(
        "memo", "--sample", "-q", "Законно ли увольнение?",
        "--model", "openai/test-model", "--api-base", server.url, "--db", db,
        env=env,
    )  # fmt: skip
    assert code == 0, out
    assert "Проект создан" in out
    assert len(server.raw_bodies) == before + 1
    body = server.raw_bodies[-1].decode("utf-8")
    assert SAMPLE_IIN not in body
    assert "Жумабаев" not in body
    with ReviewGate(db) as gate:
        (draft,) = gate.pending()
    assert draft.kind == "legal_memo"
    assert draft.author.id == "a.seitova"
    assert draft.id in out


def test_faq_dry_run_and_policy_refusal(server: OpenAICompatServer, tmp_path: Path) -> None:
    code, out = invoke("faq", "Сколько дней отпуск у учителя?", "--dry-run", "--lang", "kk")
    assert code == 0, out
    assert "member_faq.kk.v1" in out
    code, out = invoke(
        "memo", "--sample", "-q", "?", "--model", "openai/test-model", "--api-base", server.url,
        "--db", f"sqlite:///{tmp_path / 'r.db'}", "--as", "k.li", "--role", "analyst",
        env={"UNIONAI_API_KEY": "test-key"},
    )  # fmt: skip
    assert code == 3
    assert "запрещено" in out
