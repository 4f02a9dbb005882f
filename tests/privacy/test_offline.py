"""Nothing touches the network: analysis with sockets disabled, in a fresh process."""

from __future__ import annotations

import subprocess
import sys

CODE = r"""
import socket

class NoNetwork(socket.socket):
    def __init__(self, *a, **k):
        raise RuntimeError("network access attempted")

def refuse(*a, **k):
    raise RuntimeError("network access attempted")

socket.socket = NoNetwork
socket.create_connection = refuse
socket.getaddrinfo = refuse

from unionai_sdk.privacy import Anonymizer, deanonymize
anon = Anonymizer(profile="strict")
text = ("Иванов Иван, e-mail ivanov@mail.example.com, сайт www.example.kz, "
        "тел. +7 701 123 45 67, г. Алматы.")
result = anon.anonymize(text)
assert "ivanov@" not in result.text, result.text
assert deanonymize(result.text, result.vault) == text
print("OK", len(result.entities))
"""


def test_anonymizer_runs_with_network_disabled() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("OK")
    assert "decision_process" not in out.stderr  # presidio's log handler stays silent
