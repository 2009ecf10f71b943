"""Signing the minutes (justering): sending, signing, voiding, finalising, comments, reminders.

A signature is bound to the SHA-256 of the minutes' canonical content
(Meeting.content_hash) and to the account that gave it. What voids a
signature is decided here and nowhere else:

- any change to the content that the hash covers (`signatures_void_changed`,
  called by drafting's single choke point after every change);
- a new signature by the same adjuster (it replaces the older one).

The status moves Draft → Out for adjustment → Adjusted, never back: adjusted
minutes are corrected by a new version (meetings.corrections). The last
signature freezes the minutes and stores the final PDF.

Each signature carries an HMAC (settings.SIGNATURE_HMAC_KEY) over its content
hash, signer, slot and time, and the canonical content it was given on is kept
(SignedVersion), so what changed since can always be shown (meetings.versions).
"""

import datetime
import hashlib
import logging

import holidays
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from meetings import notifications, sealing, secrecy
from meetings.exceptions import WorkflowError
from meetings.models import Adjuster, Meeting, ReviewComment, Signature, SignedVersion, canonical_json, signature_mac
from meetings.pdf import render_minutes_pdf
from meetings.preparation import open_questions

logger = logging.getLogger("samverkan.signing")


def _with_contents(pk):
    return Meeting.objects.with_contents().get(pk=pk)


# --- What voids a signature ---------------------------------------------------------


def signatures_void_changed(*, meeting, reason=None):
    """Void every active signature whose hash no longer matches the content.

    The voided signatures stay in the history; their adjusters are told by email.
    """
    active = list(Signature.objects.filter(meeting=meeting, voided_at__isnull=True).select_related("user"))
    if not active:
        return []
    current = _with_contents(meeting.pk).content_hash()
    voided = [s for s in active if s.content_hash != current]
    signatures_void(signatures=voided, reason=reason or _("The minutes were changed after signing."))
    if voided:
        notifications.signatures_voided(meeting=meeting, signatures=voided)
    return voided


def signatures_void(*, signatures, reason):
    """Mark `signatures` (of the minutes or of an immediate adjustment) void now, for `reason`."""
    now = timezone.now()
    for signature in signatures:
        signature.voided_at = now
        signature.void_reason = reason
        signature.save(update_fields=["voided_at", "void_reason"])  # saved one by one, for the history


# --- Deadlines, sending, signing ----------------------------------------------------------


def working_days_after(start, days):
    """The date `days` Swedish working days after `start`.

    Weekends, public holidays and the eves that are days off in practice
    (midsummer, Christmas and New Year's eve: the de facto holidays) are
    skipped. The calendar is the holidays library's, found by date and never by
    a holiday's name, so the locale does not matter.
    """
    calendar = holidays.Sweden(categories=("public", "de_facto"))
    return calendar.get_nth_working_day(start, days)


def default_deadline(today=None):
    return working_days_after(today or timezone.localdate(), settings.ADJUSTMENT_WORKING_DAYS)


def adjusters_ready_to_sign(meeting):
    """The meeting's adjusters, if every one can sign as the person printed; else WorkflowError.

    Each needs an account, signs for the party of that account, and each party
    has one adjuster. The same rules hold for the whole minutes and for an
    item adjusted at once (meetings.immediate).
    """
    adjusters = list(meeting.adjusters.select_related("user", "party"))
    if not adjusters:
        raise WorkflowError(_("Choose at least one adjuster before sending the minutes."))
    without_account = [a.name for a in adjusters if a.user is None]
    if without_account:
        raise WorkflowError(
            _("Every adjuster needs a user account to sign; missing for: %(names)s.")
            % {"names": ", ".join(without_account)}
        )
    mismatched = [a.name for a in adjusters if a.user.party_id != a.party_id]
    if mismatched:
        raise WorkflowError(
            _("An adjuster signs for the party of their own account; not so for: %(names)s.")
            % {"names": ", ".join(mismatched)}
        )
    parties = [a.party_id for a in adjusters]
    if len(parties) != len(set(parties)):
        raise WorkflowError(_("Each party has one adjuster; remove the second adjuster of a party."))
    return adjusters


def meeting_send_for_adjustment(*, meeting, user, deadline):
    """Draft → Out for adjustment; every adjuster is emailed a link to review and sign."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.DRAFT:
            raise WorkflowError(_("Only a draft can be sent for adjustment."))
        adjusters = adjusters_ready_to_sign(meeting)
        if deadline < timezone.localdate():
            raise WorkflowError(_("The deadline cannot be in the past."))
        meeting.status = Meeting.Status.OUT_FOR_ADJUSTMENT
        meeting.adjustment_deadline = deadline
        meeting.sent_at = timezone.now()
        meeting._change_reason = _("Sent for adjustment")
        meeting.save()
        version_keep(meeting=_with_contents(meeting.pk))
        notifications.adjustment_requested(meeting=meeting, adjusters=adjusters)
    return meeting


def _password_confirmed(user, password, request):
    """Whether `password` is the user's.

    With a request it goes through authenticate(), so wrong passwords count
    towards the login throttle (django-axes) like failed logins, and a
    locked-out account cannot sign either (the lockout page answers). Called
    outside any transaction that a refusal rolls back, or the failure would
    not be recorded.
    """
    if request is None:
        return user.check_password(password)
    return authenticate(request, username=user.get_username(), password=password) == user


def version_keep(*, meeting):
    """Store the canonical content of `meeting` (with contents prefetched) as it is now; idempotent."""
    content = meeting.canonical_content()
    text = canonical_json(content)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    version, _created = SignedVersion.objects.get_or_create(
        content_hash=digest, defaults={"meeting": meeting, "content_json": text}
    )
    return version


def meeting_sign(*, meeting, adjuster, user, content_hash, password=None, evidence=None, request=None):
    """Sign `adjuster`'s slot, bound to the content the adjuster was shown.

    The signer confirms either with their password (local accounts) or, with
    `evidence`, by a fresh login at the organisation's identity provider that
    meetings.auth has verified ({iss, acr, amr, auth_time}). `content_hash` is
    the hash of the page the adjuster reviewed: if the minutes changed since,
    nothing is signed. Sending the same request again signs nothing twice: the
    signature already given is returned. The last valid signature makes the
    minutes Adjusted and produces the final PDF.
    """
    if adjuster.user_id != user.pk:
        raise WorkflowError(_("Only the adjuster's own account can sign for them."))
    if evidence is None and not _password_confirmed(user, password or "", request):
        raise WorkflowError(_("The password was wrong; nothing was signed."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if adjuster.meeting_id != meeting.pk or adjuster.user_id != user.pk:
            raise WorkflowError(_("Only the adjuster's own account can sign for them."))
        meeting = _with_contents(meeting.pk)
        current = meeting.content_hash()
        slot = next(a for a in meeting.adjusters.all() if a.pk == adjuster.pk)
        already = slot.valid_signature(current)
        if already is not None and content_hash == current:
            return already  # the same request again (a double click, a resent form): one signature
        if meeting.status != Meeting.Status.OUT_FOR_ADJUSTMENT:
            raise WorkflowError(_("The minutes are not out for adjustment."))
        if content_hash != current:
            raise WorkflowError(_(
                "The minutes changed while you were reading them. Read the new version and sign again."
            ))
        # A signature on older content (or a record without a valid MAC) is replaced by this one.
        signatures_void(signatures=Signature.objects.filter(adjuster=adjuster, voided_at__isnull=True),
                        reason=_("Replaced by a new signature."))
        version_keep(meeting=meeting)
        signed_at = timezone.now()
        method = Signature.Method.OIDC if evidence is not None else Signature.Method.PASSWORD
        signature = Signature.objects.create(
            meeting=meeting, adjuster=adjuster, adjuster_name=user.get_full_name() or adjuster.name,
            party_name=adjuster.party.name, user=user, content_hash=current, signed_at=signed_at,
            method=method, evidence=evidence or {},
            mac=signature_mac(content_hash=current, user_id=user.pk, adjuster_id=adjuster.pk, signed_at=signed_at),
        )
        meeting = _with_contents(meeting.pk)
        if all(a.current_signature for a in meeting.adjusters_with_signatures()):
            _finalise(meeting)
    return signature


def _finalise(meeting):
    """Out for adjustment → Adjusted: freeze the minutes; the final PDF is made by a task.

    The adjusted state is immediate; the archival copy follows (final_pdf_task),
    and its page says so until it exists.
    """
    meeting.status = Meeting.Status.ADJUSTED
    meeting.adjusted_at = timezone.now()
    meeting._change_reason = _("Adjusted: every adjuster has signed")
    meeting.save()
    open_questions.detect_open_questions(meeting)
    pk = meeting.pk
    transaction.on_commit(lambda: _enqueue_final_pdf(pk))


def _enqueue_final_pdf(pk):
    try:
        final_pdf_task.enqueue(meeting_id=pk)
    except Exception:  # noqa: BLE001 - `manage.py create_final_pdfs` makes any copy left behind
        logger.exception("Could not queue the final PDF of meeting %s.", pk)


@task()
def final_pdf_task(meeting_id):
    """The background task at the last signature: the archival copy, then the email saying so.

    If it fails (the task's result records why), `manage.py create_final_pdfs` makes it later.
    """
    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.ADJUSTED, final_pdf="").first()
    if meeting is None:
        return False
    return final_pdf_create(meeting=meeting)


def final_pdf_create(*, meeting):
    """Make and store the archival copy of adjusted minutes, exactly once; then tell everyone.

    The one place that makes the final PDF: a later step on its bytes (a seal)
    goes here, before the hash. Returns whether this call stored it (False if
    the minutes are not adjusted or already have their copy). On PostgreSQL the
    guard of migration 0013 lets final_pdf and its hash be set once while empty.
    """
    meeting = _with_contents(meeting.pk)
    if meeting.status != Meeting.Status.ADJUSTED or meeting.final_pdf:
        return False
    # The archival copy: PDF/A-3b, every attachment embedded in it, sealed (PAdES, an
    # incremental update after the PDF/A); the public version beside it, sealed the same way.
    pdf = render_minutes_pdf(meeting, append_attachments=False, embed_attachments=True)
    pdf = sealing.seal_pdf(pdf, meeting=meeting)
    sha256 = hashlib.sha256(pdf).hexdigest()
    public, public_sha256 = secrecy.public_pdf(meeting)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != Meeting.Status.ADJUSTED or locked.final_pdf:
            return False
        locked.final_pdf_sha256 = sha256
        locked.final_pdf.save(f"{locked.pk}-{sha256[:12]}.pdf", ContentFile(pdf), save=False)
        # In the same save: the PostgreSQL guard lets both be stored once, while empty.
        locked.public_pdf_sha256 = public_sha256
        locked.public_pdf.save(f"{locked.pk}-{public_sha256[:12]}.pdf", ContentFile(public), save=False)
        with translation.override(settings.LANGUAGE_CODE):
            locked._change_reason = _("Archival copy stored")
        locked.save(update_fields=["final_pdf", "final_pdf_sha256", "public_pdf", "public_pdf_sha256"])
        notifications.minutes_adjusted(meeting=locked)
    return True


def final_pdf_pending(meeting):
    """Whether adjusted minutes still wait for their archival copy."""
    return meeting.status == Meeting.Status.ADJUSTED and not meeting.final_pdf


def comment_create(*, meeting, user, text, item=None, is_change_request=False):
    """An adjuster's comment or change request while the minutes are out for adjustment."""
    if meeting.status != Meeting.Status.OUT_FOR_ADJUSTMENT:
        raise WorkflowError(_("Comments can be made while the minutes are out for adjustment."))
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            meeting=meeting, item=item, author=user, text=text, is_change_request=is_change_request
        )
        notifications.comment_made(comment=comment)
    return comment


def stored_pdf_matches(meeting):
    """Whether the stored final PDF still has the SHA-256 recorded when it was made."""
    digest = hashlib.sha256()
    with meeting.final_pdf.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest() == meeting.final_pdf_sha256


def send_reminders(*, today=None, dry_run=False):
    """Email each unsigned adjuster whose deadline is within REMINDER_DAYS_BEFORE days or past.

    `Adjuster.last_reminded_on` is claimed with a conditional UPDATE before the
    email goes out, so two runs on the same day (even at once) remind once.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    candidates = (
        Adjuster.objects.filter(
            meeting__status=Meeting.Status.OUT_FOR_ADJUSTMENT,
            meeting__adjustment_deadline__lte=horizon,
            user__isnull=False,
        )
        .exclude(user__email="")
        .exclude(last_reminded_on=today)
        .select_related("meeting__group", "user", "party")
    )
    reminded = []
    for adjuster in candidates:
        meeting = _with_contents(adjuster.meeting_id)
        slot = next(a for a in meeting.adjusters_with_signatures() if a.pk == adjuster.pk)
        if slot.current_signature is not None:
            continue
        if dry_run:
            reminded.append(adjuster)
            continue
        claimed = (
            Adjuster.objects.filter(pk=adjuster.pk)
            .exclude(last_reminded_on=today)
            .update(last_reminded_on=today)
        )
        if claimed:
            notifications.reminder(meeting=meeting, adjuster=adjuster)
            reminded.append(adjuster)
    return reminded


def minutes_pdf_bytes(meeting):
    """The PDF of the minutes: for adjusted minutes the stored file, byte for byte; else rendered now."""
    if meeting.status == Meeting.Status.ADJUSTED and meeting.final_pdf:
        with meeting.final_pdf.open("rb") as handle:
            return handle.read()
    return render_minutes_pdf(meeting)
