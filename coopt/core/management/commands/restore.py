"""``manage.py restore PATH [--yes]``: put a backup made by ``manage.py backup`` back
into the configured database, and the uploaded files into the media folder
(``make restore FILE=PATH``). Asks for confirmation unless ``--yes``.

- PostgreSQL: ``pg_restore --clean --if-exists --no-owner --single-transaction``:
  every object of the backup is dropped and recreated, all or nothing.
- SQLite: every connection is closed, then the backup replaces the whole database
  through SQLite's online backup API, which takes the database's lock and deals
  with its write-ahead log (a plain file copy over a live database can corrupt it).
- Media: when ``<backup>.media.tar.gz`` exists and files are stored locally, the
  media folder is replaced by the archive's content.

Stop the web, worker and beat processes first, and start them again afterwards.
"""

import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from .backup import media_archive_for, media_is_local, postgres_command, run

MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the configured database."
    # A backup or a restore must work even when a check would complain (and starts faster).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The database backup file (.sqlite3 or .dump).")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, path: str, yes: bool = False, **options: Any) -> None:
        backup = Path(path).expanduser().resolve()
        vendor = connection.vendor
        if vendor not in MAGIC:
            raise CommandError(f"Restoring {vendor} databases is not supported.")
        if not backup.is_file():
            raise CommandError(f"{backup} does not exist.")
        with backup.open("rb") as file:
            if not file.read(len(MAGIC[vendor])) == MAGIC[vendor]:
                raise CommandError(f"{backup} is not a backup of a {vendor} database.")
        archive = media_archive_for(backup)
        restore_media = archive.is_file() and media_is_local()
        target = self.describe_target()
        if not yes:
            files = " and the uploaded files" if restore_media else ""
            answer = input(
                f"This replaces everything in {target}{files} with the backup {backup}.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        if vendor == "sqlite":
            self.restore_sqlite(backup)
        else:
            self.restore_postgres(backup)
        self.stdout.write(self.style.SUCCESS(f"Database {target} restored from {backup}"))
        if restore_media:
            self.restore_media(archive)
            self.stdout.write(self.style.SUCCESS(f"Uploaded files restored from {archive}"))
        self.stdout.write("Start the web, worker and beat processes again.")

    def describe_target(self) -> str:
        db = connection.settings_dict
        if connection.vendor == "sqlite":
            return f"the SQLite database {db['NAME']}"
        return f"the PostgreSQL database {db['NAME']} on {db['HOST'] or 'localhost'}"

    def restore_sqlite(self, backup: Path) -> None:
        database = str(connection.settings_dict["NAME"])
        connections.close_all()
        source = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(database, timeout=30)
        try:
            source.backup(target)
        except sqlite3.Error as error:
            raise CommandError(f"The restore failed; the database is unchanged: {error}") from error
        finally:
            target.close()
            source.close()

    def restore_postgres(self, backup: Path) -> None:
        db = connection.settings_dict
        connections.close_all()
        command, env = postgres_command("pg_restore", db)
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        run([*command, *options, "--exit-on-error", "--dbname", str(db["NAME"]), str(backup)], env)

    def restore_media(self, archive: Path) -> None:
        media = Path(settings.MEDIA_ROOT)
        media.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(staging, filter="data")  # no path outside, no devices
            restored = staging / "media"
            if not restored.is_dir():
                raise CommandError(f"{archive} holds no media folder.")
            if media.exists():
                previous = staging / "previous"
                media.rename(previous)
            restored.rename(media)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
