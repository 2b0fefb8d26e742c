"""Accounts, their roles per app, admin sessions, API tokens and sign-in attempts."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, EmailStr
from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from wegwijs.db import UTCDateTime, utcnow
from wegwijs.models_base import Timestamped


class Role(StrEnum):
    admin = "admin"
    """Everything in the app: settings, members, tokens, content and analytics."""
    author = "author"
    """Records, edits, previews and publishes content."""
    analyst = "analyst"
    """Reads dashboards and exports."""


class Account(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(254), unique=True, index=True)
    password_hash: str = Field(sa_type=String(255))
    is_active: bool = True
    is_owner: bool = False
    """Instance-wide: manages accounts and apps."""
    password_changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Membership(Timestamped, table=True):
    __table_args__ = (UniqueConstraint("account_id", "app_id"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    app_id: int = Field(foreign_key="app.id", index=True, ondelete="CASCADE")
    role: Role = Field(sa_type=String(16))


class AdminSession(SQLModel, table=True):
    """A signed-in browser. Stored server-side so sign-out and password changes revoke it."""

    __tablename__ = "admin_session"
    id: str = Field(sa_type=String(64), primary_key=True)
    """SHA-256 of the cookie value: a database leak does not leak live sessions."""
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    csrf_token: str = Field(sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    """A bearer token for automation, scoped to one app and one role."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    prefix: str = Field(sa_type=String(16))
    """The first characters, shown in lists so people can tell tokens apart."""
    app_id: int = Field(foreign_key="app.id", index=True, ondelete="CASCADE")
    role: Role = Field(sa_type=String(16))
    created_by_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SignInAttempt(SQLModel, table=True):
    """Failed sign-ins, counted per account and per client IP to throttle guessing.

    Kept in the database (not process memory) so every worker and node sees the same count.
    """

    __tablename__ = "sign_in_attempt"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(254), index=True)
    client_ip: str = Field(sa_type=String(64), index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class SignIn(BaseModel):
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=12, max_length=1024)


class MembershipPublic(BaseModel):
    app_key: str
    app_name: str
    role: Role


class AccountPublic(BaseModel):
    id: int
    email: str
    is_owner: bool
    memberships: list[MembershipPublic]


class SignedIn(BaseModel):
    account: AccountPublic
    csrf_token: str


class AccountCreate(BaseModel):
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=12, max_length=1024)
    is_owner: bool = False


class MemberIn(BaseModel):
    email: EmailStr = Field(max_length=254)
    role: Role


class MemberPublic(BaseModel):
    account_id: int
    email: str
    role: Role


class MembersPublic(BaseModel):
    data: list[MemberPublic]
    count: int


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: Role
    expires_in_days: int | None = Field(default=90, ge=1, le=3650)


class TokenPublic(BaseModel):
    id: int
    name: str
    prefix: str
    role: Role
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool


class TokenCreated(TokenPublic):
    token: str
    """Shown once; only its hash is stored."""


class TokensPublic(BaseModel):
    data: list[TokenPublic]
    count: int
