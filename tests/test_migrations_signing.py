"""Migrations 0014/0015 keep what exists: old slots keep their names (a party may repeat), old signatures are sealed.

(If the migrations are renumbered at merge, BEFORE and AFTER below follow them.)
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("meetings", "0013_mail")]
AFTER = [("meetings", "0015_signature_mac_and_guards")]


@pytest.mark.django_db(transaction=True)
def test_existing_adjusters_and_signatures_are_kept_and_sealed():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Group, Party, Meeting = (old.get_model("meetings", n) for n in ("CooperationGroup", "Party", "Meeting"))
    User, Adjuster, Signature = (old.get_model(*n) for n in (("meetings", "User"), ("meetings", "Adjuster"),
                                                             ("meetings", "Signature")))
    group = Group.objects.create(name="FSG", administration="Kulturförvaltningen")
    kommunal = Party.objects.create(name="Kommunal")
    meeting = Meeting.objects.create(group=group, date=datetime.date(2019, 3, 25), status="out_for_adjustment")
    one = User.objects.create(username="en", first_name="En", party=kommunal)
    two = User.objects.create(username="tva", first_name="Två", party=kommunal)
    first = Adjuster.objects.create(meeting=meeting, name="En Kommunal", party=kommunal, user=one)
    Adjuster.objects.create(meeting=meeting, name="Två Kommunal", party=kommunal, user=two)  # two of a party
    Adjuster.objects.create(meeting=meeting, name="Importerad utan konto", party=kommunal)
    signature = Signature.objects.create(meeting=meeting, adjuster=first, adjuster_name="En Kommunal",
                                         party_name="Kommunal", user=one, content_hash="a" * 64)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # And on to the newest migrations, as the database was before the test (later tests need it).
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from meetings.models import Adjuster as NewAdjuster, Signature as NewSignature

    slots = NewAdjuster.objects.filter(meeting_id=meeting.pk).order_by("pk")
    assert [(s.name, s.from_account) for s in slots] == [
        ("En Kommunal", False), ("Två Kommunal", False), ("Importerad utan konto", False),
    ]
    sealed = NewSignature.objects.get(pk=signature.pk)
    assert sealed.mac and sealed.mac_is_valid() and sealed.method == "password"
