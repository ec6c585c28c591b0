"""Team mode on PostgreSQL: the database itself knows who acts and enforces who may write what.

The set-up (``anjian db upgrade --team``, by a superuser) makes, for a prefix ``P``:

- ``P_owner``, a role that cannot log in, owning every table and the functions below;
- one group role per anjian role (``P_lead``, ``P_inspector``, ``P_enterprise``,
  ``P_analyst``, ``P_expert``) and ``P_admin``; each person's own login is a member of one
  of them (and of ``P_admin`` for an administrator). Only members may connect.

and then, over every table:

- **privileges**: every group reads; ``P_lead`` writes the business tables, ``P_inspector``
  and ``P_enterprise`` the inspection work (inspections, findings, hazards and what hangs on
  them), ``P_inspector`` also the enforcement documents (issued, numbered, delivered) and
  ``P_admin`` the bureau, the officers' certificates and the waivers (豁免, which leads and
  administrators approve); analysts and outside experts write nothing. ``app_user`` is
  written by no client: users are added, changed and disabled only through ``P_add_user``,
  ``P_grant_user`` and ``P_disable_user``, functions that run as the owner, take no actor
  parameter and check that ``session_user`` is an administrator. The audit log takes INSERT only.
- **row-level security**: an enterprise login sees and writes only its own enterprise's rows
  (and the campaigns of its sector); a bureau login sees all.
- **stamping**: a trigger writes ``session_user`` into every "by" column a change fills
  (``answered_by``, ``verified_by`` …), whatever the client sent.
- **an audit log the database keeps**: a BEFORE INSERT trigger on ``audit_log`` numbers each
  entry, stamps its time and ``session_user`` and computes its hash in the server
  (``form = 2``, see :data:`core.store.audit_chain.FORM2_HASH_SQL`); UPDATE, DELETE and
  TRUNCATE of the log raise. Every business table's changes reach the log as row images
  (``row.insert``/``row.update``/``row.delete``, the row as the server writes it in JSON,
  personal fields as salted hashes) from deferred triggers that run at commit, after the
  change's own row locks, so the lock order (records, then the audit head) holds.

Why triggers and row-level security rather than SECURITY DEFINER functions for every write:
anjian's services already hold the business rules (and run unchanged on SQLite); the
database's part is to make sure nobody writes outside their role, nobody writes in another
person's name and nothing changes without reaching the log, which policies and triggers do
for direct SQL as well as for anjian. What a role may do *within* its tables (an inspector
only on campaigns whose team they are on) stays with the services.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from core.i18n import AnjianError
from core.store.audit_chain import FORM2_HASH_SQL

#: The anjian roles with a group role each, and the administrators' group.
GROUPS = ("lead", "inspector", "enterprise", "analyst", "expert")
ADMIN = "admin"

#: Tables no client writes directly (beyond what the rules below grant).
_KEPT = frozenset({"app_user", "audit_log", "audit_head", "anjian_meta", "alembic_version",
                   "plugin_allow"})
#: Tables whose rows are not imaged into the audit log: the log itself and its head, and the
#: schema's revision (a migration is logged by what it changes).
_NOT_IMAGED = frozenset({"audit_log", "audit_head", "alembic_version",
                         # a salt in the chain could never be erased (erase-contact unlinks
                         # the contact's hashes by deleting it)
                         "personal_salt",
                         # derived from the enterprise's row, which is imaged
                         "enterprise_search"})
#: Tables only the roster's keepers read: a salt lets whoever holds it test a guessed contact
#: against its hash.
_SALTS = frozenset({"personal_salt"})
#: The inspection work: what inspectors and enterprise users write.
_WORK = frozenset({"inspection", "inspection_pack", "finding", "hazard", "recurrence",
                   "amendment", "evidence_file", "hazard_deadline", "hazard_extension",
                   "rectification", "decision"})

#: Enforcement documents, their numbering and delivery: written by the bureau's officers
#: (leads and inspectors), never by an enterprise, which reads its own.
_DOCUMENTS = frozenset({"document", "document_item", "document_delivery",
                        "document_sequence"})
#: The issuing authority and the officers' certificates: a lead's or an administrator's.
_BUREAU = frozenset({"bureau", "officer_cert"})
#: Governed waivers (豁免) of checklist items: approved and revoked by a lead or an
#: administrator; an enterprise reads its own.
_WAIVERS = frozenset({"waiver"})

#: Tables whose rows carry a version (locked FOR UPDATE by the services).
_VERSIONED = frozenset({"campaign", "enterprise"})

#: Who wrote a row, per table: the columns the stamping trigger fills with session_user.
BY_COLUMNS: dict[str, tuple[str, ...]] = {
    "campaign": ("created_by",),
    "campaign_stage": ("entered_by",),
    "exemption": ("recorded_by",),
    "inspection": ("started_by",),
    "finding": ("answered_by",),
    "hazard": ("verified_by",),
    "hazard_extension": ("requested_by", "decided_by"),
    "hazard_deadline": ("changed_by",),
    "rectification": ("submitted_by", "verified_by"),
    "amendment": ("by",),
    "app_user": ("created_by", "disabled_by"),
    "decision": ("recorded_by",),
    "evidence_file": ("added_by",),
    "plugin_allow": ("allowed_by",),
    "bureau": ("updated_by",),
    "officer_cert": ("recorded_by",),
    "document": ("issued_by", "voided_by"),
    "document_delivery": ("recorded_by",),
    "waiver": ("approved_by", "revoked_by"),
}

#: Personal fields: in a row image they are salted hashes (``personal_salt``), never text.
PERSONAL: dict[str, tuple[str, tuple[str, ...]]] = {"enterprise": ("uscc", ("contact",))}

#: Per table, the rows an enterprise login may see and write (SQL over the table's columns;
#: ``me`` is the login's enterprise). A subquery on another table is itself filtered by that
#: table's policy, so "its inspections" needs no join here.
_OWN: dict[str, str] = {
    "enterprise": "uscc = {me}",
    "inspection": "enterprise_uscc = {me}",
    "hazard": "enterprise_uscc = {me}",
    "exemption": "enterprise_uscc = {me}",
    "personal_salt": "enterprise_uscc = {me}",
    "enterprise_search": "uscc = {me}",
    "finding": "inspection_id IN (SELECT id FROM inspection)",
    "inspection_pack": "inspection_id IN (SELECT id FROM inspection)",
    "amendment": "inspection_id IN (SELECT id FROM inspection)",
    "decision": "inspection_id IN (SELECT id FROM inspection)",
    "recurrence": "hazard_id IN (SELECT id FROM hazard)",
    "rectification": "hazard_id IN (SELECT id FROM hazard)",
    "hazard_extension": "hazard_id IN (SELECT id FROM hazard)",
    "hazard_deadline": "hazard_id IN (SELECT id FROM hazard)",
    "campaign": ("target_uscc = {me} OR sector IN (SELECT sector FROM enterprise) "
                 "OR id IN (SELECT campaign_id FROM inspection)"),
    "campaign_pack": "campaign_id IN (SELECT id FROM campaign)",
    "campaign_stage": "campaign_id IN (SELECT id FROM campaign)",
    "team_member": "campaign_id IN (SELECT id FROM campaign)",
    "training_session": "campaign_id IN (SELECT id FROM campaign)",
    "evidence_file": ("(object_type = 'finding' AND split_part(object_id, '/', 1) ~ '^[0-9]+$' "
                      "AND split_part(object_id, '/', 1)::int IN (SELECT id FROM inspection)) "
                      "OR (object_type = 'rectification' AND object_id ~ '^[0-9]+$' "
                      "AND object_id::int IN (SELECT id FROM rectification))"),
    "app_user": "name = session_user OR role <> 'enterprise'",
    "audit_log": "actor = session_user",
    "document": "enterprise_uscc = {me}",
    "document_item": "document_id IN (SELECT id FROM document)",
    "document_delivery": "document_id IN (SELECT id FROM document)",
    "waiver": "enterprise_uscc = {me}",
}

_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def check_prefix(prefix: str) -> str:
    """A role prefix: lower-case letters, digits and underscores, starting with a letter."""
    if not _PREFIX.match(prefix):
        raise AnjianError("team.bad_prefix", prefix=prefix)
    return prefix


def role_name(prefix: str, role: str) -> str:
    return f"{prefix}_{role}"


def _q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    """A quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


# --- passwords --------------------------------------------------------------------------------

def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 7677), computed here
    so the password itself never reaches the server, its logs or its statistics. Passwords are
    printable ASCII, which SASLprep leaves as they are."""
    if not password or not all(" " <= c <= "~" for c in password):
        raise AnjianError("team.bad_password")
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("ascii"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = base64.b64encode
    return (f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}"
            f"${b64(stored_key).decode()}:{b64(server_key).decode()}")


def new_password() -> str:
    """A password to print once: 20 characters a person can type (no look-alikes)."""
    import secrets

    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(20))


# --- the set-up -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setup:
    """What a set-up did: the prefix, and how many existing rows it imaged into the log as the
    baseline (only when first made)."""

    prefix: str
    baseline: int


def is_superuser(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT rolsuper FROM pg_roles WHERE rolname = session_user")).scalar())


def setup(engine: Engine, prefix: str) -> Setup:
    """Make (or bring up to date) the team set-up of the database at ``engine``: roles,
    ownership, privileges, policies, triggers and functions. Idempotent; run after every
    schema upgrade. Needs a superuser (roles are the cluster's; only a superuser gives the
    owner what it needs to manage them)."""
    prefix = check_prefix(prefix)
    with engine.begin() as conn:
        if not is_superuser(conn):
            user = conn.execute(text("SELECT session_user")).scalar()
            raise AnjianError("team.needs_superuser", user=str(user))
        existing = conn.execute(text("SELECT value FROM anjian_meta WHERE key = 'team_prefix'")
                                ).scalar()
        if existing and existing != prefix:
            raise AnjianError("team.other_prefix", prefix=prefix, existing=str(existing))
        conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
        _roles(conn, prefix)
        tables = tuple(str(t) for t in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ).scalars())
        _ownership(conn, prefix, tables)
        _functions(conn, prefix, tables)
        _images_view(conn, prefix, tables)
        _privileges(conn, prefix, tables)
        _policies(conn, prefix, tables)
        _triggers(conn, prefix, tables)
        baseline = 0
        if not existing:
            conn.execute(text("INSERT INTO anjian_meta (key, value) VALUES ('team_prefix', :p)"),
                         {"p": prefix})
            baseline = _baseline(conn, prefix, tables)
    return Setup(prefix, baseline)


def _roles(conn: Connection, prefix: str) -> None:
    owner = role_name(prefix, "owner")
    for role in (owner, *(role_name(prefix, g) for g in (*GROUPS, ADMIN))):
        if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                            {"r": role}).scalar():
            conn.execute(text(f"CREATE ROLE {_q(role)} NOLOGIN"))
    # The owner manages the logins of this database's people (through the user functions
    # only: nobody logs in as the owner) and ends a disabled user's sessions.
    conn.execute(text(f"ALTER ROLE {_q(owner)} NOLOGIN CREATEROLE"))
    for g in (*GROUPS, ADMIN):
        conn.execute(text(f"GRANT {_q(role_name(prefix, g))} TO {_q(owner)} WITH ADMIN OPTION"))
    conn.execute(text(f"GRANT pg_signal_backend TO {_q(owner)}"))
    db = str(conn.execute(text("SELECT current_database()")).scalar())
    conn.execute(text(f"REVOKE CONNECT ON DATABASE {_q(db)} FROM PUBLIC"))
    members = ", ".join(_q(role_name(prefix, g)) for g in (*GROUPS, ADMIN))
    conn.execute(text(f"GRANT CONNECT ON DATABASE {_q(db)} TO {members}, {_q(owner)}"))
    conn.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {_q(owner)}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {members}"))
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))


def _ownership(conn: Connection, prefix: str, tables: Iterable[str]) -> None:
    owner = _q(role_name(prefix, "owner"))
    for t in tables:
        conn.execute(text(f"ALTER TABLE {_q(t)} OWNER TO {owner}"))


def _privileges(conn: Connection, prefix: str, tables: Iterable[str]) -> None:
    groups = {g: _q(role_name(prefix, g)) for g in (*GROUPS, ADMIN)}
    everyone = ", ".join(groups.values())
    for t in tables:
        conn.execute(text(f"REVOKE ALL ON {_q(t)} FROM PUBLIC, {everyone}"))
        readers = f"{groups['lead']}, {groups[ADMIN]}" if t in _SALTS else everyone
        conn.execute(text(f"GRANT SELECT ON {_q(t)} TO {readers}"))
        if t in _KEPT:
            continue
        writers = [groups["lead"]]
        if t in _WORK:
            writers += [groups["inspector"], groups["enterprise"]]
        elif t in _DOCUMENTS:
            writers += [groups["inspector"]]
        elif t in _BUREAU or t in _WAIVERS:
            writers += [groups[ADMIN]]
        elif t in _VERSIONED:
            # The services lock a campaign (or an enterprise) row while working under it:
            # SELECT … FOR UPDATE needs an UPDATE right, and the version column is the
            # least there is (a change to it alone is logged like any other).
            conn.execute(text(f"GRANT UPDATE (version) ON {_q(t)} TO {groups['inspector']}, "
                              f"{groups['enterprise']}"))
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {_q(t)} TO {', '.join(writers)}"))
    # Every group appends (a refused attempt is recorded too); the trigger stamps who.
    conn.execute(text(f"GRANT INSERT ON audit_log TO {everyone}"))
    if "plugin_allow" in tables:
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON plugin_allow TO {groups[ADMIN]}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}"))


def _policies(conn: Connection, prefix: str, tables: Iterable[str]) -> None:
    bureau = ", ".join(_q(role_name(prefix, g)) for g in ("lead", "inspector", "analyst",
                                                          "expert", ADMIN))
    enterprise = _q(role_name(prefix, "enterprise"))
    me = f"{_q(prefix + '_my_enterprise')}()"
    for t in tables:
        if t not in _OWN:
            continue
        conn.execute(text(f"ALTER TABLE {_q(t)} ENABLE ROW LEVEL SECURITY"))
        for name in ("bureau", "own"):
            conn.execute(text(f"DROP POLICY IF EXISTS {name} ON {_q(t)}"))
        conn.execute(text(f"CREATE POLICY bureau ON {_q(t)} TO {bureau} "
                          "USING (true) WITH CHECK (true)"))
        own = _OWN[t].format(me=me)
        conn.execute(text(f"CREATE POLICY own ON {_q(t)} TO {enterprise} "
                          f"USING ({own}) WITH CHECK ({own})"))


def _image_sql(prefix: str, table: str, image: str, tables: Iterable[str]) -> str:
    """SQL for a row image from ``image``, the row as jsonb: personal fields become salted
    hashes (the salt of the row's enterprise, when ``personal_salt`` exists)."""
    if table not in PERSONAL:
        return image
    key, cols = PERSONAL[table]
    for col in cols:
        salt = (f"(SELECT salt FROM personal_salt WHERE enterprise_uscc = ({image}) ->> "
                f"{_lit(key)})" if "personal_salt" in tables else "NULL")
        image = (f"jsonb_set({image}, {_lit('{' + col + '}')}, to_jsonb("
                 f"{_q(prefix + '_personal')}({salt}, ({image}) ->> {_lit(col)})))")
    return image


def _functions(conn: Connection, prefix: str, tables: tuple[str, ...]) -> None:
    fn = {n: _q(f"{prefix}_{n}") for n in ("my_enterprise", "personal", "chain", "append_only",
                                           "stamp", "row_image", "is_admin", "add_user",
                                           "grant_user", "disable_user")}
    groups = {g: role_name(prefix, g) for g in (*GROUPS, ADMIN)}
    roles_array = "ARRAY[" + ", ".join(_lit(g) for g in GROUPS) + "]"
    digest = FORM2_HASH_SQL.format(row="NEW.")
    statements = [
        # The enterprise of the acting login (NULL for a bureau login).
        f"""CREATE OR REPLACE FUNCTION {fn['my_enterprise']}() RETURNS text
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT enterprise_uscc FROM app_user
            WHERE name = session_user AND disabled_at IS NULL $$""",
        # A personal value as it enters the log: sha256(salt || value) as
        # core.store.personal computes it, '' for ''. Without a salt (erased in the same
        # transaction, before the row image is written at commit) nothing of the value is
        # written: an unsalted hash of a phone number is as good as the number.
        f"""CREATE OR REPLACE FUNCTION {fn['personal']}(salt text, value text) RETURNS text
            LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN coalesce(value, '') = '' THEN ''
                   WHEN salt IS NULL THEN '-'
                   ELSE encode(sha256(convert_to(salt || value, 'UTF8')), 'hex')
                   END $$""",
        f"""CREATE OR REPLACE FUNCTION {fn['chain']}() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE h record;
            BEGIN
              SELECT seq, hash INTO h FROM audit_head WHERE id = 1 FOR UPDATE;
              NEW.seq := h.seq + 1;
              NEW.prev_hash := h.hash;
              NEW.at := date_trunc('microseconds', clock_timestamp());
              NEW.actor := session_user;
              NEW.form := 2;
              NEW.hash := {digest};
              UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
              RETURN NEW;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {fn['append_only']}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END $$""",
        # Every "by" column a change fills gets the acting login, whatever was sent.
        f"""CREATE OR REPLACE FUNCTION {fn['stamp']}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE col text; old_value text; new_value text;
            BEGIN
              FOREACH col IN ARRAY TG_ARGV LOOP
                new_value := to_jsonb(NEW) ->> col;
                IF TG_OP = 'UPDATE' THEN old_value := to_jsonb(OLD) ->> col; END IF;
                IF coalesce(new_value, '') <> ''
                   AND (TG_OP = 'INSERT' OR new_value IS DISTINCT FROM old_value) THEN
                  NEW := jsonb_populate_record(NEW, jsonb_build_object(col, session_user));
                END IF;
              END LOOP;
              RETURN NEW;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {fn['is_admin']}() RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM app_user WHERE name = session_user AND admin
                           AND disabled_at IS NULL) $$""",
        # Add a person: their login (made here when the cluster has none of that name, with
        # the verifier computed by the client), their group, and their anjian user.
        f"""CREATE OR REPLACE FUNCTION {fn['add_user']}(
              p_name text, p_role text, p_enterprise text, p_admin boolean, p_verifier text)
            RETURNS boolean
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE made boolean := false;
            BEGIN
              IF NOT {fn['is_admin']}() AND EXISTS (SELECT 1 FROM app_user) THEN
                RAISE EXCEPTION 'only an administrator adds users'
                  USING ERRCODE = 'insufficient_privilege';
              END IF;
              IF NOT p_role = ANY({roles_array}) THEN
                RAISE EXCEPTION 'no such role: %', p_role USING ERRCODE = 'invalid_parameter_value';
              END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
                IF p_verifier IS NULL THEN
                  RAISE EXCEPTION 'a new login needs a password' USING ERRCODE = 'invalid_password';
                END IF;
                EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_name, p_verifier);
                made := true;
              END IF;
              EXECUTE format('GRANT %I TO %I', '{prefix}_' || p_role, p_name);
              IF p_admin THEN
                EXECUTE format('GRANT %I TO %I', {_lit(groups[ADMIN])}, p_name);
              END IF;
              INSERT INTO app_user (name, role, enterprise_uscc, admin, created_at, created_by,
                                    version)
              VALUES (p_name, p_role, p_enterprise, p_admin, now(), session_user, 1);
              RETURN made;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {fn['grant_user']}(
              p_name text, p_role text, p_enterprise text, p_admin boolean)
            RETURNS void
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE g text;
            BEGIN
              IF NOT {fn['is_admin']}() THEN
                RAISE EXCEPTION 'only an administrator changes users'
                  USING ERRCODE = 'insufficient_privilege';
              END IF;
              IF NOT p_role = ANY({roles_array}) THEN
                RAISE EXCEPTION 'no such role: %', p_role USING ERRCODE = 'invalid_parameter_value';
              END IF;
              FOREACH g IN ARRAY {roles_array} LOOP
                IF g <> p_role THEN EXECUTE format('REVOKE %I FROM %I', '{prefix}_' || g, p_name);
                END IF;
              END LOOP;
              EXECUTE format('GRANT %I TO %I', '{prefix}_' || p_role, p_name);
              IF p_admin THEN
                EXECUTE format('GRANT %I TO %I', {_lit(groups[ADMIN])}, p_name);
              ELSE
                EXECUTE format('REVOKE %I FROM %I', {_lit(groups[ADMIN])}, p_name);
              END IF;
              UPDATE app_user SET role = p_role, enterprise_uscc = p_enterprise, admin = p_admin,
                                  version = version + 1
              WHERE name = p_name;
            END $$""",
        # Disable a person: out of every group of this database (no CONNECT any more), their
        # sessions here ended, their user kept with who disabled it, when and why.
        f"""CREATE OR REPLACE FUNCTION {fn['disable_user']}(p_name text, p_reason text)
            RETURNS void
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE g text;
            BEGIN
              IF NOT {fn['is_admin']}() THEN
                RAISE EXCEPTION 'only an administrator disables users'
                  USING ERRCODE = 'insufficient_privilege';
              END IF;
              FOREACH g IN ARRAY {roles_array} || ARRAY['admin'] LOOP
                EXECUTE format('REVOKE %I FROM %I', '{prefix}_' || g, p_name);
              END LOOP;
              UPDATE app_user SET disabled_at = now(), disabled_by = session_user,
                                  disabled_reason = p_reason, version = version + 1
              WHERE name = p_name;
              PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE usename = p_name AND datname = current_database() AND pid <> pg_backend_pid();
            END $$""",
    ]
    for sql in statements:
        conn.execute(text(sql))
    # The row image needs the table's key columns (passed as the trigger's arguments).
    personal = "\n".join(
        f"IF TG_TABLE_NAME = {_lit(t)} THEN "
        f"before_image := {_image_sql(prefix, t, 'before_image', tables)}; "
        f"after_image := {_image_sql(prefix, t, 'after_image', tables)}; END IF;"
        for t in tables if t in PERSONAL)
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION {fn['row_image']}() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE before_image jsonb; after_image jsonb; key_row jsonb; col text;
                key_parts text[] := ARRAY[]::text[];
        BEGIN
          IF TG_OP <> 'INSERT' THEN before_image := to_jsonb(OLD); END IF;
          IF TG_OP <> 'DELETE' THEN after_image := to_jsonb(NEW); END IF;
          {personal}
          key_row := coalesce(to_jsonb(NEW), to_jsonb(OLD));
          FOREACH col IN ARRAY TG_ARGV LOOP
            key_parts := key_parts || (key_row ->> col);
          END LOOP;
          INSERT INTO audit_log (action, object_type, object_id, before, after, actor,
                                 prev_hash, hash)
          VALUES ('row.' || lower(TG_OP), TG_TABLE_NAME, array_to_string(key_parts, '/'),
                  before_image::json, after_image::json, session_user, '', '');
          RETURN NULL;
        END $$"""))
    for name in fn.values():
        conn.execute(text(f"DO $$ DECLARE f regprocedure; BEGIN "
                          f"FOR f IN SELECT oid::regprocedure FROM pg_proc "
                          f"WHERE proname = {_lit(name.strip(chr(34)))} LOOP "
                          f"EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, "
                          f"{_lit(role_name(prefix, 'owner'))}); "
                          f"EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f); "
                          f"END LOOP; END $$"))
    everyone = ", ".join(_q(role_name(prefix, g)) for g in (*GROUPS, ADMIN))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION {fn['my_enterprise']}(), "
                      f"{fn['personal']}(text, text), {fn['is_admin']}() TO {everyone}"))
    admins = _q(role_name(prefix, ADMIN))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION "
                      f"{fn['add_user']}(text, text, text, boolean, text), "
                      f"{fn['grant_user']}(text, text, text, boolean), "
                      f"{fn['disable_user']}(text, text) TO {admins}"))


def images_view(prefix: str) -> str:
    return f"{prefix}_images"


def _images_view(conn: Connection, prefix: str, tables: tuple[str, ...]) -> None:
    """A view of every imaged row as the row-image trigger writes it (table, key, image):
    what the state check compares the log with. It runs with its owner's rights, so a bureau
    login that may read everything gets the contacts' hashes without being able to read the
    salts (which would let it test guessed contacts against the chain)."""
    view = _q(images_view(prefix))
    parts = []
    for t in tables:
        if t in _NOT_IMAGED:
            continue
        keys = key_columns(conn, t)
        key = " || '/' || ".join(f"t.{_q(k)}::text" for k in keys)
        image = _image_sql(prefix, t, "to_jsonb(t)", tables)
        parts.append(f"SELECT {_lit(t)}::text AS object_type, {key} AS object_id, "
                     f"{image} AS image FROM {_q(t)} t")
    conn.execute(text(f"DROP VIEW IF EXISTS {view}"))
    conn.execute(text(f"CREATE VIEW {view} AS " + " UNION ALL ".join(parts)))
    conn.execute(text(f"ALTER VIEW {view} OWNER TO {_q(role_name(prefix, 'owner'))}"))
    conn.execute(text(f"REVOKE ALL ON {view} FROM PUBLIC"))
    readers = ", ".join(_q(role_name(prefix, g)) for g in ("lead", "inspector", "analyst",
                                                           "expert", ADMIN))
    conn.execute(text(f"GRANT SELECT ON {view} TO {readers}"))


def key_columns(conn: Connection, table: str) -> list[str]:
    """The primary key's columns of ``table``, in order."""
    return [str(c) for c in conn.execute(text(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = CAST(:t AS regclass) AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)"), {"t": table}).scalars()]


def _triggers(conn: Connection, prefix: str, tables: Iterable[str]) -> None:
    fn = {n: _q(f"{prefix}_{n}") for n in ("chain", "append_only", "stamp", "row_image")}
    for t in tables:
        for trig in ("anjian_stamp", "anjian_row_image", "anjian_chain", "anjian_append_only",
                     "anjian_no_truncate"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trig} ON {_q(t)}"))
    conn.execute(text(f"CREATE TRIGGER anjian_chain BEFORE INSERT ON audit_log "
                      f"FOR EACH ROW EXECUTE FUNCTION {fn['chain']}()"))
    conn.execute(text(f"CREATE TRIGGER anjian_append_only BEFORE UPDATE OR DELETE ON audit_log "
                      f"FOR EACH ROW EXECUTE FUNCTION {fn['append_only']}()"))
    conn.execute(text(f"CREATE TRIGGER anjian_no_truncate BEFORE TRUNCATE ON audit_log "
                      f"FOR EACH STATEMENT EXECUTE FUNCTION {fn['append_only']}()"))
    for t in tables:
        cols = BY_COLUMNS.get(t)
        if cols:
            args = ", ".join(_lit(c) for c in cols)
            conn.execute(text(f"CREATE TRIGGER anjian_stamp BEFORE INSERT OR UPDATE ON {_q(t)} "
                              f"FOR EACH ROW EXECUTE FUNCTION {fn['stamp']}({args})"))
        if t in _NOT_IMAGED:
            continue
        keys = ", ".join(_lit(c) for c in key_columns(conn, t))
        # Deferred to the commit: the log's head is locked after the change's own rows.
        conn.execute(text(
            f"CREATE CONSTRAINT TRIGGER anjian_row_image AFTER INSERT OR UPDATE OR DELETE "
            f"ON {_q(t)} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION {fn['row_image']}({keys})"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_audit_log_row_image "
                      "ON audit_log (object_type, object_id, seq) WHERE action LIKE 'row.%'"))


def _baseline(conn: Connection, prefix: str, tables: Iterable[str]) -> int:
    """Image every row that exists when the set-up is first made (``row.baseline``), so the
    state check compares every row with the log from the start."""
    count = 0
    names = list(tables)
    for t in names:
        if t in _NOT_IMAGED:
            continue
        keys = key_columns(conn, t)
        key = " || '/' || ".join(f"{_q(k)}::text" for k in keys)
        image = _image_sql(prefix, t, f"to_jsonb({_q(t)})", names)
        result = conn.execute(text(
            f"INSERT INTO audit_log (action, object_type, object_id, before, after, actor, "
            f"prev_hash, hash) SELECT 'row.baseline', {_lit(t)}, {key}, NULL, "
            f"({image})::json, session_user, '', '' FROM {_q(t)} ORDER BY {key}"))
        count += result.rowcount or 0
    return count


# --- who acts ---------------------------------------------------------------------------------

def imaged_tables(conn: Connection) -> list[str]:
    return [str(t) for t in conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ).scalars() if t not in _NOT_IMAGED]


# --- the state check --------------------------------------------------------------------------

def state_rows(conn: Connection, table: str, prefix: str) -> tuple[int, Iterator[Any]]:
    """(rows of ``table``, the rows where the table and its audit log disagree): per key, the
    last row image the log holds (None: the log says there is no such row) against the row
    as the table holds it now, imaged the same way (None: no such row). Streamed from the
    server (the log is read there, never here)."""
    view = _q(images_view(prefix))
    count = int(conn.execute(text(f"SELECT count(*) FROM {view} WHERE object_type = :t"),
                             {"t": table}).scalar_one())
    sql = text(f"""
        WITH last AS (
            SELECT DISTINCT ON (object_id) object_id, after::jsonb AS after
            FROM audit_log WHERE object_type = :t AND action LIKE 'row.%'
            ORDER BY object_id, seq DESC),
        cur AS (SELECT object_id AS oid, image AS img FROM {view} WHERE object_type = :t)
        SELECT coalesce(l.object_id, c.oid) AS key, l.after, c.img
        FROM last l FULL JOIN cur c ON l.object_id = c.oid
        WHERE l.after IS DISTINCT FROM c.img
        ORDER BY 1""")
    rows = conn.execution_options(stream_results=True, yield_per=500).execute(sql, {"t": table})
    return count, iter(rows)


def state(session: Any, prefix: str) -> Iterator[tuple[str, int, Iterator[Any]]]:
    """Per imaged table: (its name, its rows, the rows where it and its log disagree), in the
    caller's transaction (a snapshot)."""
    conn = session.connection()
    for table in imaged_tables(conn):
        count, differing = state_rows(conn, table, prefix)
        yield table, count, differing
