"""Storage URLs as they may be shown to a person: never with their password.

Every message, log line, CLI output, report and page that names a storage goes through
:func:`redact_url`. It sits at the bottom layer (no hyperscout imports) so that storages, the CLI,
the report and the dashboard can all use it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["redact_url", "redact_text"]

_MASK = "***"
# Query arguments that carry a secret in SQLAlchemy and libpq URLs.
_SECRET_QUERY_KEYS = frozenset({"password", "passwd", "pwd", "sslpassword", "secret", "token"})
# scheme://user:password@host -- also when the URL sits inside a longer text.
_USERINFO_RE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@\s]*)@")


def redact_url(url: object) -> str:
    """Return ``url`` as text with any password replaced by ``***``.

    Handles ``scheme://user:password@host/db`` and secret query arguments
    (``?password=...``). Anything that is not a URL is returned as ``str(url)`` with the same
    masking applied to URL-shaped parts.

    >>> redact_url("postgresql://postgres:S3cret@127.0.0.1:5432/test")
    'postgresql://postgres:***@127.0.0.1:5432/test'
    >>> redact_url("sqlite:///tuning.db")
    'sqlite:///tuning.db'
    """
    text = str(url)
    text = _USERINFO_RE.sub(lambda m: f"{m['scheme']}{m['user']}:{_MASK}@", text)
    if "?" not in text or "://" not in text:
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if not parts.query:
        return text
    query = [
        (key, _MASK if key.lower() in _SECRET_QUERY_KEYS else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def redact_text(text: str, *urls: object) -> str:
    """Mask every password in ``text``: those of ``urls`` wherever they appear, then any
    ``user:password@`` shaped part (e.g. inside a driver's error message)."""
    for url in urls:
        if url is None:
            continue
        try:
            password = urlsplit(str(url)).password
        except ValueError:
            password = None
        if password:
            text = text.replace(password, _MASK)
    return redact_url(text)
