"""Throttling of failed sign-ins per account and per client address, over a sliding window; request rate limits.

Attempts are rows in the database (`LoginAttempt`), so every worker process sees the same counts. An account is
locked when it has `MEMBERS_THROTTLE_PER_ACCOUNT` failed attempts within `MEMBERS_THROTTLE_WINDOW` seconds since
its last successful sign-in; a client address is locked after `MEMBERS_THROTTLE_PER_ADDRESS` failures in the
window, whichever accounts they were for. Attempts made while locked are not counted, so a lockout ends when the
window has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from .models import LoginAttempt, ThrottleCounter

PRUNE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Lockout:
    reason: str  # "account" or "address"
    until: datetime

    @property
    def retry_after(self) -> int:
        """Whole seconds until the next attempt is allowed (at least 1)."""
        return max(1, math.ceil((self.until - timezone.now()).total_seconds()))

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _window() -> timedelta:
    return timedelta(seconds=settings.MEMBERS_THROTTLE_WINDOW)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the last entry of the configured proxy header."""
    if request is None:
        return None
    header = settings.MEMBERS_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[-1].strip() if value else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def account_key(identifier: str | None) -> str:
    """One key per account, whether it was named by e-mail address or by user name.

    Unknown names get a key of their own, so an attacker cannot tell existing accounts from the lockout.
    """
    # Control characters (NUL in particular, which PostgreSQL refuses) never belong to an account name.
    identifier = "".join(ch for ch in (identifier or "") if ch.isprintable()).strip().lower()[:200]
    if not identifier:
        return ""
    User = get_user_model()
    lookup = Q(email__iexact=identifier) | Q(**{f"{User.USERNAME_FIELD}__iexact": identifier})
    pks = list(User.objects.filter(lookup).values_list("pk", flat=True)[:2])
    if len(pks) == 1:
        return f"user:{pks[0]}"
    return f"name:{identifier}"


def lockout_for(*, account: str, ip: str | None) -> Lockout | None:
    """The lockout in force for this account or client address, if any."""
    now = timezone.now()
    since = now - _window()
    if account:
        last_success = (
            LoginAttempt.objects.filter(account=account, successful=True, created_at__gte=since)
            .aggregate(last=Max("created_at"))
            .get("last")
        )
        failures = LoginAttempt.objects.filter(
            account=account, successful=False, created_at__gt=max(since, last_success) if last_success else since
        )
        times = list(failures.order_by("-created_at").values_list("created_at", flat=True))
        limit = settings.MEMBERS_THROTTLE_PER_ACCOUNT
        if len(times) >= limit:
            # Locked until the oldest of the last `limit` failures leaves the window.
            return Lockout("account", times[limit - 1] + _window())
    if ip:
        limit = settings.MEMBERS_THROTTLE_PER_ADDRESS
        times = list(
            LoginAttempt.objects.filter(ip_address=ip, successful=False, created_at__gt=since)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(times) >= limit:
            return Lockout("address", times[limit - 1] + _window())
    return None


def record_attempt(*, account: str, ip: str | None, successful: bool) -> None:
    LoginAttempt.objects.create(account=account[:254], ip_address=ip, successful=successful)
    if not successful:
        LoginAttempt.objects.filter(created_at__lt=timezone.now() - max(PRUNE_AFTER, _window())).delete()


# ------------------------------------------------------------------------------------------------------------
# Request rate limits (password reset requests, the public JSON APIs), shared by every worker process.
#
# Each limit counts requests per scope and key in fixed windows of `window` seconds (rows of `ThrottleCounter`,
# incremented with a single UPDATE ... SET count = count + 1, so concurrent workers never lose a count). Keys are
# hashed with the secret key: no e-mail or client address is stored in the clear.


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    window: int  # seconds


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int
    limit: int
    reset_at: datetime

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil((self.reset_at - timezone.now()).total_seconds()))

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def rate_limit(name: str) -> RateLimit:
    """A limit from settings.THROTTLE_RATES: {"name": (requests, seconds)}."""
    limit, window = settings.THROTTLE_RATES[name]
    return RateLimit(scope=name, limit=int(limit), window=int(window))


def _hashed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def hit(limit: RateLimit, key: str, *, count: bool = True) -> RateDecision:
    """Count one request for `key` under `limit` and say whether it is allowed.

    A request beyond the limit is refused and not counted, so a client that keeps trying is let in again as soon
    as the window ends.
    """
    now = timezone.now()
    epoch = int(now.timestamp())
    window_start = datetime.fromtimestamp(epoch - epoch % limit.window, tz=UTC)
    reset_at = window_start + timedelta(seconds=limit.window)
    hashed = _hashed(f"{limit.scope}:{key}")
    rows = ThrottleCounter.objects.filter(scope=limit.scope, key=hashed, window_start=window_start)
    current = rows.values_list("count", flat=True).first() or 0
    if current >= limit.limit:
        return RateDecision(False, current, limit.limit, reset_at)
    if not count:
        return RateDecision(True, current, limit.limit, reset_at)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(scope=limit.scope, key=hashed, window_start=window_start, count=1)
        except IntegrityError:  # another worker created the row first
            rows.update(count=F("count") + 1)
        # Rows of ended windows are removed now and then (the first request of each new window).
        ThrottleCounter.objects.filter(window_start__lt=now - timedelta(seconds=max(limit.window, 3600))).delete()
    current = rows.values_list("count", flat=True).first() or 0
    return RateDecision(current <= limit.limit, current, limit.limit, reset_at)


def password_reset_check(*, email: str, ip: str | None) -> RateDecision | None:
    """Count a password reset request; the refusal in force (per address, then per client address), if any."""
    address = "".join(ch for ch in (email or "") if ch.isprintable()).strip().lower()[:254]
    decisions = []
    if address:
        decisions.append(hit(rate_limit("password_reset_email"), address))
    if ip:
        decisions.append(hit(rate_limit("password_reset_ip"), ip))
    refused = [decision for decision in decisions if not decision.allowed]
    return max(refused, key=lambda decision: decision.reset_at) if refused else None
