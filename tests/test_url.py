"""redact_url / redact_text: no password survives, everything else does."""

import pytest

from hyperscout._url import redact_text, redact_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://postgres:S3cret@127.0.0.1:5432/test", "postgresql://postgres:***@127.0.0.1:5432/test"),
        ("postgresql+psycopg://u:p%40ss@h/db", "postgresql+psycopg://u:***@h/db"),
        ("postgresql://u@h/db?password=S3cret&sslmode=require", "postgresql://u@h/db?password=***&sslmode=require"),
        ("sqlite:///tuning.db", "sqlite:///tuning.db"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("postgresql://postgres@127.0.0.1/test", "postgresql://postgres@127.0.0.1/test"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_redact_text_masks_the_password_anywhere() -> None:
    url = "postgresql://postgres:S3cret@127.0.0.1:5432/test"
    message = 'connection to server failed: password "S3cret" rejected for postgresql://postgres:S3cret@x/y'
    out = redact_text(message, url)
    assert "S3cret" not in out
    assert "postgres:***@x/y" in out
