"""Limits on failed sign-ins, so passwords cannot be guessed at the speed of the network.

:class:`LoginThrottle` counts failures in a sliding window twice: per account (5 in 15
minutes by default, whichever address they come from) and per client address (20 in 15
minutes, whichever accounts they try). Past either limit, sign-ins are refused without
checking the password until the oldest failure leaves the window; a success clears that
account's count. Counts live in memory and are bounded, so a flood of made-up names cannot
fill it. Several server processes can share their counts through the audit trail (see
:meth:`LoginThrottle.blocked`).

Examples
--------
>>> clock = [0.0]
>>> throttle = LoginThrottle(per_account=2, per_address=10, window=60, clock=lambda: clock[0])
>>> throttle.failed("ann", "10.0.0.1"); throttle.failed("ann", "10.0.0.1")
>>> throttle.blocked("ann", "10.0.0.9")      # seconds to wait
60.0
>>> clock[0] = 61; throttle.blocked("ann", "10.0.0.9")
0.0
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["SlidingWindow", "LoginThrottle"]


class SlidingWindow:
    """Counts events per key over the last *window* seconds, for at most *max_keys* keys."""

    def __init__(self, limit: int, window: float, *, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.max_keys, self._clock = int(limit), float(window), max_keys, clock
        self._events: OrderedDict[str, deque] = OrderedDict()
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque | None:
        events = self._events.get(key)
        if events is None:
            return None
        while events and events[0] <= now - self.window:
            events.popleft()
        if not events:
            del self._events[key]
            return None
        return events

    def add(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            events = self._trim(key, now)
            if events is None:
                events = self._events[key] = deque(maxlen=max(self.limit, 1) * 2)
            events.append(now)
            self._events.move_to_end(key)
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)

    def clear(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)

    def wait(self, key: str, *, known: list[float] | None = None) -> float:
        """Seconds until *key* is under its limit again (0 when it is now).

        *known*, when given, replaces this process's count by events known from a shared
        record (every process's), as ages in seconds.
        """
        with self._lock:
            now = self._clock()
            events = self._trim(key, now)
            if known is not None:
                events = [now - age for age in known if 0 <= age < self.window]
            times = sorted(events or ())
        if len(times) < self.limit:
            return 0.0
        # The limit is reached until the events beyond the last (limit - 1) have aged out.
        oldest_that_counts = times[-self.limit]
        return max(0.0, round(oldest_that_counts + self.window - now, 1))


class LoginThrottle:
    """Failed sign-ins per account and per address (see the module docstring)."""

    def __init__(self, *, per_account: int = 5, per_address: int = 20, window: float = 900.0,
                 clock: Callable[[], float] = time.monotonic):
        self.accounts = SlidingWindow(per_account, window, clock=clock)
        self.addresses = SlidingWindow(per_address, window, clock=clock)
        self.window = window

    @staticmethod
    def _account(name: str) -> str:
        return (name or "").strip().casefold()[:200]

    def blocked(self, name: str, address: str | None, *, shared_failures: list[float] | None = None) -> float:
        """Seconds this sign-in must wait (0 when it may go ahead).

        *shared_failures*, when given, are the ages in seconds of the account's failures as
        every process recorded them (the audit trail); they then count instead of this
        process's own, so several processes share one limit per account.
        """
        return max(self.accounts.wait(self._account(name), known=shared_failures),
                   self.addresses.wait(address or "-"))

    def failed(self, name: str, address: str | None) -> None:
        """Count one failed sign-in."""
        self.accounts.add(self._account(name))
        self.addresses.add(address or "-")

    def succeeded(self, name: str) -> None:
        """Forget the account's failures (the address's stay counted)."""
        self.accounts.clear(self._account(name))
