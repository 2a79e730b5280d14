"""R-PRIV-4: a destroyed file's stored files (letters' PDFs) go from storage too; one that cannot
be removed right after the destruction stays listed and is removed by the next
`remove_destroyed_files` (zicht.retention.destruction.files_remove)."""

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command

from tests.retention.conftest import age_closed_case, closed_without_concerns
from zicht.cases.models import Case
from zicht.retention import services
from zicht.retention.models import DestructionRecord, FileToRemove


def _stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_priv4_a_file_storage_would_not_remove_is_removed_by_the_next_run(
    author, scientist, admins, django_capture_on_commit_callbacks
):
    """R-PRIV-4: the storage refuses at the destruction (a permission error): the destruction
    stands, the PDFs stay listed; the job retries, fails loudly while storage refuses, and
    removes them once it works."""
    with django_capture_on_commit_callbacks(execute=True):
        case = closed_without_concerns(author, scientist)
    age_closed_case(case)
    pdfs = _stored_files()
    assert pdfs, "the file has letters with a PDF in storage"

    first, second = admins
    refused = PermissionError("read-only file system")
    with (
        mock.patch.object(FileSystemStorage, "delete", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.destruction_propose(user=first, number=case.number)
        services.destruction_approve(user=second, number=case.number)

    assert not Case.objects.filter(pk=case.pk).exists()
    assert DestructionRecord.objects.get(case_number=case.number).files_removed == len(pdfs)
    assert _stored_files() == pdfs
    listed = FileToRemove.objects.all()
    assert {(r.attempts, r.last_error) for r in listed} == {(1, "PermissionError")}
    assert len(listed) == len(pdfs)

    with (
        mock.patch.object(FileSystemStorage, "delete", side_effect=refused),
        pytest.raises(CommandError, match="konden niet verwijderd worden"),
    ):
        call_command("remove_destroyed_files")
    assert {r.attempts for r in FileToRemove.objects.all()} == {2}

    call_command("remove_destroyed_files")
    assert _stored_files() == []
    assert not FileToRemove.objects.exists()


def test_priv4_the_files_go_right_after_a_destruction(
    author, scientist, admins, django_capture_on_commit_callbacks
):
    """R-PRIV-4: normally nothing is left listed."""
    with django_capture_on_commit_callbacks(execute=True):
        case = closed_without_concerns(author, scientist)
    age_closed_case(case)
    assert _stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        services.destruction_propose(user=admins[0], number=case.number)
        services.destruction_approve(user=admins[1], number=case.number)
    assert _stored_files() == []
    assert not FileToRemove.objects.exists()
