"""Export and import of everything Samverkan holds, as a folder that survives a new database.

The archive folder holds:

- `manifest.json`: the format, when it was made, the database schema (the last
  migration of each app), the models in load order with their row counts and the
  SHA-256 of each data file, every stored file with its SHA-256, and for each
  meeting the content hash its signatures are bound to and the SHA-256 of its
  final PDF;
- `data/<app>.<model>.json`: the rows, one JSON object a line in Django's serialisation, primary keys
  kept (so signatures, history and links stay intact); users keep their password
  hashes; auth groups and permissions are written by natural key;
- `files/<storage name>`: attachments and final PDFs, byte for byte.

Every model of the `meetings` app is exported (history tables of
django-simple-history included), except the search text (`ItemSearch`), which is
rebuilt. Import fills an empty database in one transaction; minutes are written
as drafts and get their real status last, because on PostgreSQL a trigger
(migration 0003) refuses any write to the content of adjusted minutes. After
loading, every meeting's content hash and every final PDF are checked against
the manifest; any difference undoes the whole import.
"""

import datetime
import hashlib
import json
import os
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group as AuthGroup
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from meetings.archive import search
from meetings.models import (
    Attachment,
    CooperationGroup,
    ImmediateAdjustment,
    Meeting,
    Party,
    Signature,
    User,
)

FORMAT = "samverkan-archive"
FORMAT_VERSION = 1
SKIPPED_MODELS = {"meetings.itemsearch"}


class ArchiveError(Exception):
    """Something about the archive or the target that stops the job; the message is for a person."""


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_storage(name):
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (signing times are evidence)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def _write_rows(handle, objects, natural):
    """One JSON object a line, in Django's "python" serialisation."""
    batch = []

    def flush():
        for row in serializers.serialize("python", batch, use_natural_foreign_keys=natural):
            handle.write(json.dumps(row, cls=_Encoder, ensure_ascii=False) + "\n")
        batch.clear()

    for obj in objects:
        batch.append(obj)
        if len(batch) >= 2000:
            flush()
    flush()


def _read_rows(handle, label):
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ArchiveError(f"data/{label}.json line {number} is not valid JSON ({exc}).") from None
        if not isinstance(row, dict) or row.get("model") != label:
            raise ArchiveError(f"data/{label}.json line {number} is not a row of {label}.")
        try:
            yield from serializers.deserialize("python", [row])
        except serializers.base.DeserializationError as exc:
            raise ArchiveError(f"data/{label}.json line {number} cannot be read: {exc}") from None


def archive_models():
    """The models to export, in an order where what a row points to comes first."""

    user_model = User
    meetings_models = [
        m for m in apps.get_app_config("meetings").get_models()
        if m._meta.label_lower not in SKIPPED_MODELS and m is not user_model and not m._meta.proxy
    ]
    plain = [m for m in meetings_models if not m.__name__.startswith("Historical")]
    history = [m for m in meetings_models if m.__name__.startswith("Historical")]
    # Parties before users (User.party), users before everything that names a person.
    ordered = [AuthGroup]
    plain.sort(key=lambda m: 0 if m.__name__ == "Party" else 1)
    ordered += [plain[0], user_model, *plain[1:], *history]
    return ordered


def _schema():
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    latest = {}
    for app, name in recorder.applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _file_names():
    """Every stored file a row refers to: attachments and final PDFs."""

    names = set(Attachment.objects.exclude(file="").values_list("file", flat=True))
    names |= set(Meeting.objects.exclude(final_pdf="").values_list("final_pdf", flat=True))
    # The public versions and the protocol extracts of immediate adjustments (issue 18).
    names |= set(Meeting.objects.exclude(public_pdf="").values_list("public_pdf", flat=True))
    names |= set(ImmediateAdjustment.objects.exclude(extract_pdf="").values_list("extract_pdf", flat=True))
    return sorted(names)


def export_archive(directory, *, stdout=None):
    """Write the archive into `directory` (new or empty). Returns the manifest."""

    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ArchiveError(f"{directory} is not an empty folder; choose a new or empty folder for the archive.")
    (directory / "data").mkdir(parents=True, exist_ok=True)
    (directory / "files").mkdir(exist_ok=True)

    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "schema": _schema(),
        "models": [],
        "files": [],
        "meetings": [],
    }
    # One consistent snapshot of the database for the whole export.
    connection = connections[DEFAULT_DB_ALIAS]
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in archive_models():
            label = model._meta.label_lower
            path = directory / "data" / f"{label}.json"
            natural = model in (AuthGroup,) or model._meta.label_lower == "meetings.user"
            with open(path, "w", encoding="utf-8") as handle:
                _write_rows(handle, model._base_manager.order_by("pk").iterator(chunk_size=2000), natural)
            count = model._base_manager.count()
            manifest["models"].append({"model": label, "count": count, "sha256": _sha256_file(path)})
            if stdout:
                stdout.write(f"{label}: {count}")
        for name in _file_names():
            target = directory / "files" / name
            if not target.resolve().is_relative_to((directory / "files").resolve()):
                raise ArchiveError(f"The stored file name {name!r} leaves the archive folder; export stopped.")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
                    for chunk in iter(lambda: source.read(1 << 16), b""):
                        copy.write(chunk)
            except FileNotFoundError:
                raise ArchiveError(f"The stored file {name} is missing from the media storage; export stopped.") from None
            manifest["files"].append({"name": name, "sha256": _sha256_file(target), "size": target.stat().st_size})
        for meeting_id in Meeting.objects.order_by("pk").values_list("pk", flat=True):
            meeting = Meeting.objects.with_contents().get(pk=meeting_id)
            manifest["meetings"].append({
                "id": meeting.pk,
                "status": meeting.status,
                "content_hash": meeting.content_hash(),
                "final_pdf": meeting.final_pdf.name or "",
                "final_pdf_sha256": meeting.final_pdf_sha256,
            })
    with open(directory / "manifest.json", "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1)
    return manifest


# --- Import -------------------------------------------------------------------


def _read_manifest(directory):
    directory = Path(directory)
    if not directory.is_dir():
        raise ArchiveError(f"{directory} is not a folder.")
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArchiveError(f"{directory} holds no manifest.json; it is not an archive made by export_archive.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"manifest.json in {directory} is not valid JSON ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{directory}/manifest.json is not a Samverkan archive manifest.")
    if manifest.get("version") != FORMAT_VERSION:
        raise ArchiveError(f"The archive has format version {manifest.get('version')!r}; this Samverkan reads version {FORMAT_VERSION}.")
    for key in ("schema", "models", "files", "meetings"):
        if key not in manifest:
            raise ArchiveError(f"manifest.json lacks {key!r}; the archive is incomplete.")
    return manifest


def _check_archive(directory, manifest):
    """Every listed data file and stored file is there, with the recorded SHA-256."""
    directory = Path(directory)
    known = {m._meta.label_lower: m for m in archive_models()}
    for entry in manifest["models"]:
        if entry.get("model") not in known:
            raise ArchiveError(f"The archive holds {entry.get('model')!r}, which this Samverkan does not know.")
        path = directory / "data" / f"{entry['model']}.json"
        if not path.is_file():
            raise ArchiveError(f"The archive lacks data/{entry['model']}.json.")
        if _sha256_file(path) != entry.get("sha256"):
            raise ArchiveError(f"data/{entry['model']}.json has changed since the export (SHA-256 differs).")
    files_root = (directory / "files").resolve()
    for entry in manifest["files"]:
        path = (directory / "files" / entry.get("name", "")).resolve()
        if not path.is_relative_to(files_root) or not entry.get("name"):
            raise ArchiveError(f"The file name {entry.get('name')!r} in the manifest leaves the archive folder.")
        if not path.is_file():
            raise ArchiveError(f"The archive lacks the stored file files/{entry['name']}.")
        if _sha256_file(path) != entry.get("sha256"):
            raise ArchiveError(f"files/{entry['name']} has changed since the export (SHA-256 differs).")


def _database_contents():

    counts = {
        "users": User.objects.count(),
        "meetings": Meeting.objects.count(),
        "groups": CooperationGroup.objects.count(),
        "parties": Party.objects.count(),
    }
    return {name: n for name, n in counts.items() if n}


def _reset_sequences(models):
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def import_archive(directory, *, stdout=None):
    """Fill an empty database (and the media storage) from an archive. Returns counts per model."""

    manifest = _read_manifest(directory)
    if manifest["schema"] != _schema():
        differences = sorted(
            app for app in set(manifest["schema"]) | set(_schema())
            if manifest["schema"].get(app) != _schema().get(app)
        )
        raise ArchiveError(
            "The archive was made with another database schema (apps: " + ", ".join(differences) + "). "
            "Run `manage.py migrate` to the same version of Samverkan as the export, then import."
        )
    present = _database_contents()
    if present:
        raise ArchiveError(
            "The database is not empty ("
            + ", ".join(f"{n} {name}" for name, n in present.items())
            + "); import_archive only fills an empty database. Create a new database, run "
            "`manage.py migrate`, and import into it."
        )
    _check_archive(directory, manifest)
    directory = Path(directory)

    written_files = []
    renamed = {}
    loaded = {}
    try:
        with transaction.atomic():
            # Stored files first, so the rows can point at the names they got.
            for entry in manifest["files"]:
                name = entry["name"]
                if default_storage.exists(name) and _sha256_storage(name) == entry["sha256"]:
                    continue  # the same file is already in the (shared) media store
                with open(directory / "files" / name, "rb") as handle:
                    saved = default_storage.save(name, File(handle, name=os.path.basename(name)))
                written_files.append(saved)
                if saved != name:
                    renamed[name] = saved
            statuses = {}
            models = []
            for entry in manifest["models"]:
                model = apps.get_model(entry["model"])
                models.append(model)
                count = 0
                with open(directory / "data" / f"{entry['model']}.json", encoding="utf-8") as handle:
                    for wrapped in _read_rows(handle, entry["model"]):
                        obj = wrapped.object
                        if isinstance(obj, Meeting):
                            # Written as a draft; the real status comes last (the PostgreSQL guard).
                            statuses[obj.pk] = obj.status
                            obj.status = Meeting.Status.DRAFT
                            if obj.final_pdf and obj.final_pdf.name in renamed:
                                obj.final_pdf.name = renamed[obj.final_pdf.name]
                            if obj.public_pdf and obj.public_pdf.name in renamed:
                                obj.public_pdf.name = renamed[obj.public_pdf.name]
                        elif isinstance(obj, ImmediateAdjustment) and obj.extract_pdf.name in renamed:
                            obj.extract_pdf.name = renamed[obj.extract_pdf.name]
                        elif entry["model"] == "meetings.attachment" and obj.file.name in renamed:
                            obj.file.name = renamed[obj.file.name]
                        wrapped.save()
                        count += 1
                if count != entry["count"]:
                    raise ArchiveError(f"data/{entry['model']}.json holds {count} rows, the manifest says {entry['count']}.")
                loaded[entry["model"]] = count
            _reset_sequences(models)
            for meeting in Meeting.objects.all():
                search.index_meeting(meeting)
            for pk, status in statuses.items():
                if status != Meeting.Status.DRAFT:
                    Meeting.objects.filter(pk=pk).update(status=status)
            # The proof: the content each signature is bound to, and the final PDFs, are unchanged.
            for expected in manifest["meetings"]:
                meeting = Meeting.objects.with_contents().get(pk=expected["id"])
                if meeting.content_hash() != expected["content_hash"]:
                    raise ArchiveError(f"Meeting {meeting.pk} does not read as it did when exported (content hash differs).")
                if meeting.status != expected["status"]:
                    raise ArchiveError(f"Meeting {meeting.pk} has status {meeting.status}, expected {expected['status']}.")
                if meeting.final_pdf and _sha256_storage(meeting.final_pdf.name) != expected["final_pdf_sha256"]:
                    raise ArchiveError(f"The final PDF of meeting {meeting.pk} differs from the exported one.")
            if stdout:
                for label, count in loaded.items():
                    stdout.write(f"{label}: {count}")
    except BaseException:
        for name in written_files:
            default_storage.delete(name)
        raise
    return loaded


def verify_signatures():
    """(meeting id, adjuster name) of every active signature that no longer matches its minutes."""

    broken = []
    hashes = {}
    for signature in Signature.objects.filter(voided_at__isnull=True).order_by("meeting_id", "pk"):
        if signature.meeting_id not in hashes:
            hashes[signature.meeting_id] = Meeting.objects.with_contents().get(pk=signature.meeting_id).content_hash()
        if hashes[signature.meeting_id] != signature.content_hash:
            broken.append((signature.meeting_id, signature.adjuster_name))
    return broken
