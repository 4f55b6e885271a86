"""Annotators: members of the Label Studio organization, each with a login of their own.

Label Studio Community edition (1.23) creates users through its API
(`POST /api/users/`) without a password, so such a user cannot log in; the
one way in it offers is the organization's invite link (Organization -> Add
Members, API `/api/invite`), whose sign-up page sets the password. `add`
signs the person up through that link, as the page would, so they can log
in at once; `invite_link` prints the link for people who pick their own.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from html import unescape

from sourcelens.studio.client import Studio
from sourcelens.studio.settings import StudioError

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD, MAX_PASSWORD = 8, 128
"""Label Studio's own bounds (its sign-up form's validator)."""


@dataclass(frozen=True)
class Annotator:
    id: int
    email: str
    name: str
    last_activity: str


@dataclass(frozen=True)
class Added:
    email: str
    password: str
    generated: bool
    """True when sourcelens made the password up (print it once; the person can keep it)."""
    login_url: str


def invite_link(studio: Studio) -> str:
    """The organization's sign-up link (anyone holding it can join: share it privately)."""
    with studio.errors("reading the organization's invite link"):
        invite = studio.client.organizations.invites.get_invite_link()
    return f"{studio.connection.url.rstrip('/')}{invite.invite_url}"


def list_annotators(studio: Studio) -> list[Annotator]:
    """Every member of the organization the API token belongs to, oldest first."""
    with studio.errors("listing users"):
        users = list(studio.client.users.list())
    out = [
        Annotator(u.id, u.email or u.username or str(u.id), " ".join(filter(None, [u.first_name, u.last_name])), str(u.last_activity or "")[:19])
        for u in users
    ]
    return sorted(out, key=lambda a: a.id)


def add_annotator(studio: Studio, email: str, password: str | None = None) -> Added:
    """Sign `email` up to the organization with `password` (default: a generated one); StudioError with Label Studio's reason otherwise."""
    import httpx

    email = email.strip().lower()
    if not EMAIL.match(email):
        raise StudioError(f"{email!r} is not an email address (Label Studio logs people in by email)")
    if password is not None and not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise StudioError(f"the password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if any(a.email.lower() == email for a in list_annotators(studio)):
        raise StudioError(f"{email} is already a member of the organization (`sourcelens studio annotators list`)")
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    link = invite_link(studio)
    base = studio.connection.url.rstrip("/")
    try:
        with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as browser:
            browser.get(link).raise_for_status()  # the sign-up page sets the CSRF cookie its form needs
            answer = browser.post(link, data={"email": email, "password": password, "csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")})
    except httpx.HTTPError as exc:
        raise StudioError(f"cannot reach Label Studio's sign-up page at {base} ({type(exc).__name__})") from None
    if answer.status_code != 302:
        lists = re.findall(r'<ul class="[^"]*(?:errorlist|field_errors)[^"]*">(.*?)</ul>', answer.text, re.S)  # the page's form errors
        reasons = [unescape(re.sub(r"<[^>]+>", "", item)).strip() for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]
        why = "; ".join(reasons) or f"HTTP {answer.status_code}"
        raise StudioError(f"Label Studio refused to sign {email} up: {why}")
    if not any(a.email.lower() == email for a in list_annotators(studio)):
        raise StudioError(f"the sign-up of {email} went through but the user is not in this organization; check Organization in Label Studio")
    return Added(email, password, generated, f"{base}/user/login/")
