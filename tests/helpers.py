"""Small helpers for view tests."""

import re

_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def without_csrf(content):
    """A page's HTML with its CSRF tokens blanked (they are masked anew on every request)."""
    html = content.decode() if isinstance(content, bytes) else content
    return _CSRF.sub(r"\1", html)
