"""export_archive / import_archive keep the public PDF, the secrecy marks and the MBL records."""

import shutil

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings import drafting, mbl
from meetings.models import CentralNegotiation, Meeting, SecrecyMark
from tests.rules_helpers import adjust, disagreed_decision, with_adjusters

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_version_and_the_negotiations_survive_a_new_database(
        tmp_path, settings, meeting, item, secretary, adjuster, other_adjuster, ssr, kommunal, employer):
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    drafting.secrecy_mark_create(mark=SecrecyMark(meeting=meeting, kind=SecrecyMark.Kind.ITEM, item=item,
                                                  reference="39 kap. 3 § OSL", reason="Personalärende"),
                                 user=secretary)
    adjust(meeting, [adjuster, other_adjuster], secretary=secretary)
    mbl.central_negotiation_request(decision=decision, party=kommunal, requested_on=timezone.localdate(),
                                    user=secretary)
    public = meeting.public_pdf.open("rb").read()

    archive = tmp_path / "arkiv"
    call_command("export_archive", str(archive))
    call_command("flush", interactive=False)
    shutil.rmtree(settings.MEDIA_ROOT)
    call_command("import_archive", str(archive))

    restored = Meeting.objects.get(pk=meeting.pk)
    assert restored.public_pdf.open("rb").read() == public
    assert SecrecyMark.objects.get().reference == "39 kap. 3 § OSL"
    assert CentralNegotiation.objects.get().party.name == "Kommunal"
    assert mbl.decision_state(decision.__class__.objects.get(pk=decision.pk)).state == mbl.REQUESTED
