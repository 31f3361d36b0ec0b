"""``manage.py backup [--output PATH]``: a consistent copy of the database, and of the
uploaded files when they are stored on this machine (``make backup``).

- SQLite: ``VACUUM INTO`` a new file. SQLite writes a consistent snapshot itself,
  even while the product runs; a file copy could catch a page half-written or miss
  what is still in the write-ahead log.
- PostgreSQL: ``pg_dump -Fc`` (custom format, compressed, for ``pg_restore``).
- Local media: a ``.media.tar.gz`` archive next to the database backup. With object
  storage (S3), files are left to the bucket's own versioning.

Without ``--output``, backups go to ``var/backups/coopt-<UTC timestamp>.<ext>``.
Backups hold personal data: they are written readable by their owner only. See
docs/operations.md, "Reliability, backup and restore", and ``manage.py restore``.
"""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

EXTENSIONS = {"sqlite": ".sqlite3", "postgresql": ".dump"}
MEDIA_SUFFIX = ".media.tar.gz"


def media_archive_for(backup: Path) -> Path:
    """Where the archive of the uploaded files goes, next to the database backup."""
    return backup.with_name(backup.name.removesuffix(backup.suffix) + MEDIA_SUFFIX)


def media_is_local() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def partial_path(path: Path) -> Path:
    """Write here first, then rename: a backup that exists is a complete one."""
    return path.with_name(f".{path.name}.partial")


def postgres_command(program: str, db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The program and an environment to reach ``db``; the password stays out of argv."""
    binary = shutil.which(program)
    if binary is None:
        raise CommandError(f"{program} was not found on PATH (install postgresql-client).")
    env = {**os.environ}
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return [binary], env


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


class Command(BaseCommand):
    help = "Back up the database (VACUUM INTO or pg_dump -Fc) and the local media folder."
    # A backup or a restore must work even when a check would complain (and starts faster).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="The database backup file to write (default: var/backups/coopt-<timestamp>.*).",
        )

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        vendor = connection.vendor
        if vendor not in EXTENSIONS:
            raise CommandError(f"Backups of {vendor} databases are not supported.")
        if output:
            path = Path(output).expanduser().resolve()
        else:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"coopt-{stamp}{EXTENSIONS[vendor]}"
        if path.exists():
            raise CommandError(f"{path} already exists: choose another --output.")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = partial_path(path)
        partial.unlink(missing_ok=True)
        try:
            if vendor == "sqlite":
                self.backup_sqlite(partial)
            else:
                self.backup_postgres(partial)
            partial.chmod(0o600)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(self.style.SUCCESS(f"Database backed up to {path}"))
        if media_is_local():
            archive = media_archive_for(path)
            self.archive_media(archive)
            self.stdout.write(self.style.SUCCESS(f"Uploaded files archived to {archive}"))
        else:
            self.stdout.write("Uploaded files are in object storage: not archived here.")

    def backup_sqlite(self, path: Path) -> None:
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise CommandError("VACUUM INTO cannot run inside a transaction.")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])

    def backup_postgres(self, path: Path) -> None:
        db = connection.settings_dict
        command, env = postgres_command("pg_dump", db)
        run([*command, "--format=custom", f"--file={path}", "--dbname", str(db["NAME"])], env)

    def archive_media(self, archive: Path) -> None:
        media = Path(settings.MEDIA_ROOT)
        partial = partial_path(archive)
        try:
            with tarfile.open(partial, "w:gz") as tar:
                if media.is_dir():
                    tar.add(media, arcname="media")
                else:  # nothing uploaded yet: an empty folder, so a restore empties it too
                    info = tarfile.TarInfo("media")
                    info.type = tarfile.DIRTYPE
                    info.mode = 0o700
                    tar.addfile(info)
            partial.chmod(0o600)
            partial.replace(archive)
        finally:
            partial.unlink(missing_ok=True)
