"""Backup and restore (point 12): data made through the real services is backed up
(VACUUM INTO on SQLite, pg_dump -Fc on PostgreSQL, a tar of the media folder),
restored by ``manage.py restore`` into a fresh database, and compared table by
table: the same row counts and the same checksum of the ordered rows."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any, LiteralString

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from psycopg import sql
from pytest_django import Settings

from coopt.referrals.models import Document
from coopt.referrals.services import referral_set_status, reminder_add
from coopt.referrals.services.documents import document_attach

from .. import factories as f
from ..conftest import World
from ..integration.worker import database_url
from ..referrals.cv_files import pdf_bytes, pdf_upload, stored_name

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
RESTORE_DB = "privacy_reliability_restore"


@pytest.fixture
def data(world: World, settings: Settings, tmp_path: Path) -> Document:
    """Referrals, consents, e-mails, a status change, a reminder and a CV file."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    confirmed = f.refer(
        referrer=world.member, job=world.job, email="ann@example.org", confirmed=True
    )
    f.refer(referrer=world.member, job=world.job, email="bob@example.org")
    document = document_attach(referral=confirmed, upload=pdf_upload(), uploaded_by="referrer")
    referral_set_status(referral=confirmed, status="contacted", author=world.recruiter.user)
    reminder_add(
        referral=confirmed, owner=world.recruiter, due_on=timezone.localdate(), text="Call"
    )
    return document


def sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [name for (name,) in rows]


def postgres_tables(db: psycopg.Connection) -> list[str]:
    rows = db.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [name for (name,) in rows]


def digests(
    db: sqlite3.Connection | psycopg.Connection[Any], tables: list[str]
) -> dict[str, tuple[int, str]]:
    """Per table: the row count and an MD5 of every row, ordered by every column."""
    result = {}
    for table in tables:
        cursor = db.execute(f'SELECT * FROM "{table}" LIMIT 0')  # noqa: S608
        columns = ", ".join(str(n + 1) for n in range(len(cursor.description or ())))
        rows = db.execute(f'SELECT * FROM "{table}" ORDER BY {columns}').fetchall()  # noqa: S608
        result[table] = (len(rows), hashlib.md5(repr(rows).encode()).hexdigest())  # noqa: S324
    return result


def restore(backup: Path, *, database: str, media: Path, answer: str = "") -> str:
    """``manage.py restore`` as ``make restore`` runs it, on another database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database,
        "COOPT_MEDIA_ROOT": str(media),
    }
    command = [sys.executable, "manage.py", "restore", str(backup)]
    if not answer:
        command.append("--yes")
    result = subprocess.run(
        command, cwd=ROOT, env=env, input=answer, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_same_files(source: Path, restored: Path) -> None:
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files(source) == files(restored)


def test_sqlite_backup_restores_into_a_fresh_database_identical_row_for_row(
    data: Document, settings: Settings, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip")
    backup = tmp_path / "backups" / "coopt.sqlite3"
    call_command("backup", output=str(backup))
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
    assert (backup.stat().st_mode & 0o777) == 0o600  # personal data: owner only
    archive = tmp_path / "backups" / "coopt.media.tar.gz"
    assert archive.is_file()

    fresh, media = tmp_path / "fresh.sqlite3", tmp_path / "restored-media"
    out = restore(backup, database=f"sqlite:///{fresh}", media=media, answer="yes\n")

    assert "restored" in out
    with closing(sqlite3.connect(connection.settings_dict["NAME"])) as source:
        tables = sqlite_tables(source)
        expected = digests(source, tables)
    with closing(sqlite3.connect(fresh)) as restored:
        assert sqlite_tables(restored) == tables
        assert digests(restored, tables) == expected
    assert expected["referrals_referral"][0] == 2
    assert expected["notifications_outboundemail"][0] >= 2
    assert_same_files(Path(settings.MEDIA_ROOT), media)
    assert (media / stored_name(data)).read_bytes() == pdf_bytes()


@pytest.mark.postgres
def test_postgres_backup_restores_into_a_fresh_database_identical_row_for_row(
    data: Document, settings: Settings, tmp_path: Path
) -> None:
    source_url = database_url()
    server = source_url.rsplit("/", 1)[0]
    backup = tmp_path / "coopt.dump"
    call_command("backup", output=str(backup))
    assert backup.read_bytes().startswith(b"PGDMP")

    with fresh_postgres_database(server) as fresh_url:
        media = tmp_path / "restored-media"
        restore(backup, database=fresh_url, media=media)
        with psycopg.connect(source_url) as source, psycopg.connect(fresh_url) as restored:
            tables = postgres_tables(source)
            assert postgres_tables(restored) == tables
            assert digests(restored, tables) == digests(source, tables)
            sequences = "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"
            assert restored.execute(sequences).fetchall() == source.execute(sequences).fetchall()
        # Restoring again over the restored database (--clean) gives the same result.
        restore(backup, database=fresh_url, media=media)
        with psycopg.connect(fresh_url) as restored:
            assert restored.execute('SELECT count(*) FROM "referrals_referral"').fetchone() == (2,)
    assert_same_files(Path(settings.MEDIA_ROOT), media)


class fresh_postgres_database:  # noqa: N801 - a context manager used like a function
    """An empty database next to the test database, dropped afterwards."""

    def __init__(self, server: str) -> None:
        self.server = server

    def __enter__(self) -> str:
        self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self._admin("CREATE DATABASE {}")
        return f"{self.server}/{RESTORE_DB}"

    def __exit__(self, *exc: object) -> None:
        self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    def _admin(self, statement: LiteralString) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL(statement).format(sql.Identifier(RESTORE_DB)))


def test_the_restore_asks_first_and_changes_nothing_without_a_yes(
    data: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "coopt.backup"
    call_command("backup", output=str(backup))
    before = Document.objects.count()
    questions: list[str] = []

    def answer(question: str) -> str:
        questions.append(question)
        return "no"

    monkeypatch.setattr("builtins.input", answer)
    with pytest.raises(CommandError, match="cancelled: nothing was changed"):
        call_command("restore", str(backup))

    [question] = questions
    assert str(backup) in question and "replaces everything" in question
    assert Document.objects.count() == before


def test_the_restore_refuses_a_file_that_is_not_a_backup_of_this_engine(
    db: None, tmp_path: Path
) -> None:
    wrong = tmp_path / "cv.pdf"
    wrong.write_bytes(pdf_bytes())
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(wrong), yes=True)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), yes=True)


def test_a_backup_without_output_goes_to_a_timestamped_file_under_var_backups(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("backup")
    [backup] = [p for p in (tmp_path / "backups").iterdir() if not p.name.endswith(".tar.gz")]
    stamp = timezone.now().strftime("%Y%m%d-")
    assert backup.name.startswith(f"coopt-{stamp}")
    assert backup.suffix == (".sqlite3" if connection.vendor == "sqlite" else ".dump")
    assert (tmp_path / "backups" / backup.name.replace(backup.suffix, ".media.tar.gz")).is_file()
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(backup))
