"""influence.auth as a library: the permission function, passwords, sessions, the sign-in
throttle, API tokens and accounts over a real store (no HTTP here; see test_auth_http.py)."""

from __future__ import annotations

import itertools

import pytest

from influence.auth import (
    ACTIONS, LOCAL_OWNER, ROLES, SHARED_TOKEN_ACTOR, Accounts, Actor, LoginThrottle, PermissionDenied, SessionKeys,
    SignInError, SignInThrottled, allowed, hash_password, require, verify_password,
)
from influence.auth.passwords import needs_rehash
from influence.auth.sessions import SECRET_SETTING, store_secret
from influence.errors import InfluenceError
from influence.store import open_store

PASSWORD = "correct horse battery"

# The role table of the issue, written out by hand: viewer reads and exports anonymised;
# editor edits and exports everything; admin manages accounts, the audit trail and maps.
EXPECTED = {
    "viewer": {"view", "export-anonymised"},
    "editor": {"view", "export-anonymised", "export", "edit"},
    "admin": set(ACTIONS),
}


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Argon2id with its cheapest parameters: the tests check the logic, not the cost
    (the real parameters take about a second per hash on a busy 2-core machine)."""
    from argon2 import PasswordHasher, profiles

    from influence.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
    monkeypatch.setattr(passwords, "_dummy", None)


@pytest.fixture
def store(tmp_path):
    ws = open_store(tmp_path / "ws.sqlite")
    yield ws
    ws.close()


# --- allowed(actor, action, resource) ---------------------------------------------------

@pytest.mark.parametrize("role,action", list(itertools.product(ROLES, ACTIONS)))
def test_allowed_follows_the_role_table(role, action):
    actor = Actor("someone", role)
    assert allowed(actor, action, 7) is (action in EXPECTED[role])
    assert allowed(actor, action) is (action in EXPECTED[role])


def test_a_map_limit_applies_to_viewers_and_editors_not_admins():
    bo = Actor("bo", "editor", maps=(2, 5))
    assert [m for m in range(1, 7) if allowed(bo, "view", m)] == [2, 5]
    assert [m for m in range(1, 7) if allowed(bo, "edit", m)] == [2, 5]
    assert not allowed(bo, "export", 3) and allowed(bo, "export", 5)
    assert bo.visible([5, 1, 2]) == [5, 2]
    admin = Actor("root", "admin", maps=(9,))
    assert all(allowed(admin, "delete-map", m) for m in range(1, 5))


def test_nobody_is_allowed_nothing_and_unknown_actions_are_programming_errors():
    assert not any(allowed(None, action, 1) for action in ACTIONS)
    with pytest.raises(ValueError, match="unknown action 'fly'"):
        allowed(LOCAL_OWNER, "fly", 1)
    with pytest.raises(InfluenceError, match="unknown role 'owner'"):
        Actor("x", "owner")


def test_require_says_what_to_ask_for():
    with pytest.raises(PermissionDenied, match=r"^ann \(viewer\) may not export this map with names "
                                               r"\(anonymised exports are allowed\); ask an admin for the editor role$"):
        require(Actor("ann", "viewer"), "export", 1)
    with pytest.raises(PermissionDenied, match="not among bo's maps"):
        require(Actor("bo", "viewer", maps=(1,)), "view", 2)
    with pytest.raises(PermissionDenied, match="^sign in to change this map$"):
        require(None, "edit", 1)
    require(SHARED_TOKEN_ACTOR, "manage-users")  # today's token holders keep every right
    require(LOCAL_OWNER, "delete-map", 3)        # and so does the one person at this machine


# --- passwords --------------------------------------------------------------------------

def test_passwords_are_argon2id_and_checked():
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert stored != hash_password(PASSWORD)  # salted
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + " ")
    assert not verify_password(stored, "")
    assert not verify_password(None, PASSWORD)
    assert not verify_password("$argon2id$damaged", PASSWORD)
    assert not verify_password(stored, "x" * 5000)
    with pytest.raises(InfluenceError, match="too short"):
        hash_password("short")


def test_weaker_hashes_are_upgraded_at_sign_in(store, monkeypatch):
    from argon2 import PasswordHasher

    from influence.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", None)  # the real parameters
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    assert needs_rehash(weak) and not needs_rehash(hash_password(PASSWORD))
    store.add_user("old", role="viewer", password_hash=weak)
    Accounts(store).password_sign_in("old", PASSWORD)
    upgraded = store.user("old").password_hash
    assert upgraded != weak and not needs_rehash(upgraded) and verify_password(upgraded, PASSWORD)


# --- sessions ---------------------------------------------------------------------------

def test_sessions_are_signed_and_expire():
    keys = SessionKeys(lambda: "a-secret-of-enough-length-0123456789")
    text = keys.issue("ann", fingerprint="f", lifetime=60, now=1000)
    assert keys.read(text, now=1059).user == "ann"
    assert keys.read(text, now=1060) is None
    import base64
    import json

    body, signature = text.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(u="admin", e=10**10)  # another account, for ever, with the old signature
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode() + "." + signature
    assert keys.read(forged, now=1010) is None
    assert keys.read(text, now=1010, purpose="sso") is None  # a session is no sign-on state
    other = SessionKeys(lambda: "another-secret-entirely-0123456789ab")
    assert other.read(text, now=1010) is None
    assert keys.read("garbage", now=1010) is None and keys.read("a.b.c", now=1010) is None


def test_processes_racing_to_create_the_secret_settle_on_one(store):
    # Two processes start over a database without a secret; both make one, the second
    # overwrites the first. The first process notices when a cookie fails to verify.
    a = SessionKeys(lambda: store_secret(store))
    cookie_a = a.issue("ann", lifetime=600)
    store.set_setting(SECRET_SETTING, "the-secret-the-other-process-stored-0123")
    b = SessionKeys(lambda: store_secret(store))
    cookie_b = b.issue("bo", lifetime=600)
    a._checked -= 10  # the re-read is rate-limited to once every few seconds
    assert a.read(cookie_b).user == "bo"   # a adopts the stored secret
    assert a.read(cookie_a).user == "ann"  # and still accepts its own earlier cookies
    assert a.issue("cy", lifetime=600) and b.read(a.issue("cy", lifetime=600)).user == "cy"


# --- the sign-in throttle ---------------------------------------------------------------

def test_throttle_counts_per_account_and_per_address():
    clock = [0.0]
    throttle = LoginThrottle(per_account=3, per_address=5, window=100, clock=lambda: clock[0])
    for _ in range(3):
        throttle.failed("ann", "10.0.0.1")
    assert throttle.blocked("ann", "10.9.9.9") == 100  # the account, from anywhere
    assert throttle.blocked("bo", "10.0.0.1") == 0       # not the address yet
    throttle.failed("bo", "10.0.0.1"); throttle.failed("cy", "10.0.0.1")
    assert throttle.blocked("dee", "10.0.0.1") == 100   # 5 failures from one address
    clock[0] = 50
    assert throttle.blocked("ann", "10.9.9.9") == 50
    clock[0] = 100.5
    assert throttle.blocked("ann", "10.9.9.9") == 0 and throttle.blocked("dee", "10.0.0.1") == 0


def test_a_flood_of_names_cannot_fill_the_throttle():
    throttle = LoginThrottle()
    throttle.accounts.max_keys = 100
    for i in range(1000):
        throttle.failed(f"name{i}", "10.0.0.1")
    assert len(throttle.accounts._events) == 100


# --- accounts over a store --------------------------------------------------------------

def test_sign_in_records_success_and_failure_without_telling_which_names_exist(store):
    accounts = Accounts(store)
    accounts.add_user("ann", role="viewer", password=PASSWORD)
    with pytest.raises(SignInError) as wrong_password:
        accounts.password_sign_in("ann", "not the password", address="10.0.0.1")
    with pytest.raises(SignInError) as no_such_name:
        accounts.password_sign_in("nobody", PASSWORD, address="10.0.0.1")
    assert str(wrong_password.value) == str(no_such_name.value) == "wrong account name or password"
    actor = accounts.password_sign_in("ann", PASSWORD, address="10.0.0.1")
    assert (actor.name, actor.role, actor.via) == ("ann", "viewer", "password")
    trail = [(e.actor, e.action, e.detail.get("address")) for e in store.events()]
    assert trail[-3:] == [("ann", "login-failed", "10.0.0.1"), ("nobody", "login-failed", "10.0.0.1"),
                          ("ann", "login", "10.0.0.1")]
    assert store.user("ann").last_login is not None


def test_failed_sign_ins_are_limited_across_processes(tmp_path):
    # Two server processes over one database: the audit trail carries the count.
    first, second = open_store(tmp_path / "ws.sqlite"), open_store(tmp_path / "ws.sqlite")
    Accounts(first).add_user("ann", role="editor", password=PASSWORD)
    a, b = Accounts(first), Accounts(second)
    for i in range(5):
        with pytest.raises(SignInError):
            (a if i % 2 else b).password_sign_in("ann", f"guess number {i}", address=f"10.0.0.{i}")
    with pytest.raises(SignInThrottled) as throttled:
        b.password_sign_in("ann", PASSWORD, address="10.0.0.77")  # even the right password waits
    assert 800 < throttled.value.wait <= 900 and "try again in 15 minutes" in str(throttled.value)
    assert store_events(first, "login-throttled") == ["ann"]
    first.close(); second.close()


def store_events(store, action):
    return [e.actor for e in store.events() if e.action == action]


def test_sessions_end_with_the_account_or_its_password(store):
    accounts = Accounts(store)
    accounts.add_user("ann", role="editor", password=PASSWORD)
    accounts.add_user("bo", role="viewer", password=PASSWORD)
    ann = accounts.password_sign_in("ann", PASSWORD)
    bo = accounts.password_sign_in("bo", PASSWORD)
    cookie_ann, cookie_bo = accounts.session_cookie(ann), accounts.session_cookie(bo)
    assert accounts.from_session(cookie_ann) == ann
    # Another process (its own Accounts over the same database) accepts the session.
    assert Accounts(open_store(store.location)).from_session(cookie_ann) == ann
    accounts.set_password("ann", "a brand new passphrase")
    assert accounts.from_session(cookie_ann) is None
    store.update_user("bo", role="editor")
    assert accounts.from_session(cookie_bo).role == "editor"  # roles are read afresh
    store.update_user("bo", disabled=True)
    assert accounts.from_session(cookie_bo) is None
    with pytest.raises(SignInError, match="disabled"):
        accounts.password_sign_in("bo", PASSWORD)
    accounts.remove_user("bo")
    assert accounts.from_session(cookie_bo) is None


def test_api_tokens_are_stored_hashed_and_can_be_revoked(store):
    accounts = Accounts(store)
    accounts.add_user("bot", role="viewer", maps=(), password=None)
    token_id, token = accounts.new_api_token("bot", "nightly export")
    stored = store.api_tokens("bot")
    assert [t.label for t in stored] == ["nightly export"] and token not in repr(stored)
    actor = accounts.from_api_token(token)
    assert (actor.name, actor.role, actor.via, actor.maps) == ("bot", "viewer", "api-token", ())
    assert store.api_tokens("bot")[0].last_used is not None
    assert accounts.from_api_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert accounts.from_api_token("correct-horse-battery-staple") is None
    accounts.revoke_api_token(token_id)
    assert accounts.from_api_token(token) is None
    with pytest.raises(InfluenceError, match="there is no API token 99"):
        accounts.revoke_api_token(99)


def test_accounts_turn_sign_in_on_and_refuse_bad_names(store):
    accounts = Accounts(store)
    assert not accounts.enabled()
    with pytest.raises(InfluenceError, match="not allowed"):
        accounts.add_user("ann lee", role="viewer", password=PASSWORD)
    accounts.add_user("ann", role="viewer", password=PASSWORD)
    assert accounts.enabled(refresh=True)
    with pytest.raises(InfluenceError, match="already an account called 'ann'"):
        accounts.add_user("ann", role="admin", password=PASSWORD)
    with pytest.raises(InfluenceError, match="no account called 'zed'"):
        accounts.set_password("zed", PASSWORD)
    accounts.remove_user("ann")
    assert not accounts.enabled(refresh=True)


def test_accounts_work_the_same_on_both_stores(store_url):
    """Two server processes (two stores over one database): sessions, tokens and the
    sign-in limit are shared, on SQLite and on PostgreSQL."""
    first, second = open_store(store_url), open_store(store_url)
    try:
        a, b = Accounts(first), Accounts(second)
        a.add_user("ann", role="editor", password=PASSWORD, maps=(3, 1))
        actor = b.password_sign_in("ann", PASSWORD, address="10.0.0.1")
        assert (actor.role, actor.maps) == ("editor", (1, 3))
        assert a.from_session(b.session_cookie(actor)) == actor  # one secret in the database
        _, token = a.new_api_token("ann", "script")
        assert b.from_api_token(token).name == "ann"
        for i in range(5):
            with pytest.raises(SignInError):
                (a if i % 2 else b).password_sign_in("ann", f"wrong guess {i}")
        with pytest.raises(SignInThrottled):
            a.password_sign_in("ann", PASSWORD)
        assert [e.action for e in second.events(actor="ann")][-2:] == ["login-failed", "login-throttled"]
    finally:
        first.close()
        second.close()
