"""Personas shared by the tests: who does what in a cooperation group."""

import logging

import pytest
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from meetings.models import User
from tests import factories
from tests.sealed import sealed_minutes  # noqa: F401  (a fixture: minutes adjusted and sealed)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; the tests need a password, not its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _only_test_blocks(connection):
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _run_hooks(hooks):
    for _sids, func, robust in hooks:
        if robust:
            try:
                func()
            except Exception:  # noqa: BLE001 - as Django's robust hooks: logged, never raised
                logging.getLogger("django.db.backends.base").exception("A robust on_commit hook failed.")
        else:
            func()


@pytest.fixture(autouse=True)
def commit_hooks_as_at_a_real_commit(request, monkeypatch):
    """A test's transaction never commits, so the app's `transaction.on_commit` hooks (mail, the
    final PDF) would never run. Here they run when the app's own outermost atomic block ends, or
    at once outside one, as they do at a real commit. `@pytest.mark.commit_hooks_held` keeps
    them for Django's captureOnCommitCallbacks instead."""
    if request.node.get_closest_marker("commit_hooks_held"):
        return
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and _only_test_blocks(self) and not self.needs_rollback:
            _run_hooks([(set(), func, robust)])
        else:
            original_on_commit(self, func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (exc_type is None and connection.in_atomic_block and _only_test_blocks(connection)
                and connection.run_on_commit and not connection.needs_rollback):
            hooks, connection.run_on_commit = connection.run_on_commit, []
            _run_hooks(hooks)
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and final PDFs of a test go to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def seal_certificate(tmp_path_factory):
    """(PKCS#12 path, password, CA path): a seal certificate for the tests, made once (meetings.sealing)."""
    from meetings.sealing import make_test_certificate

    folder = tmp_path_factory.mktemp("seal")
    p12, password, ca_pem = make_test_certificate("Samverkan testsvitens sigill", ca_name="Samverkan test-CA för testsviten")
    (folder / "seal.p12").write_bytes(p12)
    (folder / "ca.pem").write_bytes(ca_pem)
    return folder / "seal.p12", password.decode(), folder / "ca.pem"


@pytest.fixture(autouse=True)
def seal_settings(settings, seal_certificate):
    """Final PDFs are sealed with the tests' certificate and validated against its CA."""
    p12_path, password, ca_path = seal_certificate
    settings.SEAL_PKCS12_PATH = str(p12_path)
    settings.SEAL_PKCS12_PASSWORD = password
    settings.SEAL_TRUST_ROOTS = [str(ca_path)]
    settings.SEAL_TSA_URL = ""


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks (mail, the final PDF, imports) run at once, in the test's process."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def group(db):
    return factories.make_group()


@pytest.fixture
def ssr(db):
    return factories.make_party("Akademikerförbundet SSR", short_name="SSR")


@pytest.fixture
def kommunal(db):
    return factories.make_party("Kommunal")


@pytest.fixture
def employer(db):
    return factories.make_party("Arbetsgivaren", kind="employer")


@pytest.fixture
def secretary(group):
    """The HR secretary who drafts the group's minutes."""
    return factories.make_user(role=User.Role.SECRETARY, username="sekreterare", groups=[group],
                               first_name="Sara", last_name="Sekreterare")


@pytest.fixture
def other_secretary(db):
    """A secretary of another administration's group."""
    other = factories.make_group("FSG", "Kulturförvaltningen")
    return factories.make_user(role=User.Role.SECRETARY, username="annan.sekreterare", groups=[other])


@pytest.fixture
def adjuster(group, ssr):
    """A union representative chosen as justerare for SSR."""
    return factories.make_user(role=User.Role.ADJUSTER, username="justerare", party=ssr, groups=[group],
                               first_name="Cecilia", last_name="Cederström")


@pytest.fixture
def other_adjuster(group, kommunal):
    """Another union representative, adjuster of other meetings only."""
    return factories.make_user(role=User.Role.ADJUSTER, username="annan.justerare", party=kommunal,
                               groups=[group], first_name="Christina", last_name="Gustafsson")


@pytest.fixture
def manager(group):
    """A manager who reads adjusted minutes and decisions."""
    return factories.make_user(role=User.Role.MANAGER, username="chef", groups=[group],
                               first_name="Maja", last_name="Chef")


@pytest.fixture
def meeting(group):
    return factories.make_meeting(group=group, protocol_number="11/2020", place="Stadshuset")


@pytest.fixture
def item(meeting):
    return factories.make_item(meeting, title="Nytt inom arbetsmiljö", presenter="HR-chef",
                               body="Första stycket.\n\nAndra stycket.")
