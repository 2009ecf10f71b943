"""The data model, one module per capability.

- core: the minutes themselves (groups, parties, meetings, items, union
  inputs, decisions, adjusters, attachments);
- signatures: the adjusters' signatures and review comments;
- search: the denormalised search text of each item (the decision archive);
- preparation: the annual calendar and follow-ups (meeting preparation);
- mail: outgoing email, kept until delivered (meetings.mail);
- imports: web imports of several files, run as background tasks (meetings.tasks).
"""

from meetings.models.core import (  # noqa: F401
    Adjuster,
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    Meeting,
    MeetingQuerySet,
    Party,
    Position,
    UnionInput,
    User,
    attachment_upload_to,
)
from meetings.models.signatures import (  # noqa: F401
    ReviewComment,
    Signature,
    SignedVersion,
    canonical_json,
    signature_mac,
    verification_code,
)
from meetings.models.preparation import FollowUp, RecurringPoint  # noqa: F401
from meetings.models.search import ItemSearch  # noqa: F401
from meetings.models.mbl import (  # noqa: F401
    OSL_REFERENCES,
    CentralNegotiation,
    ImmediateAdjustment,
    ImmediateSignature,
    SecrecyMark,
)
from meetings.models.mail import OutgoingMail  # noqa: F401
from meetings.models.imports import ImportBatch, ImportFile  # noqa: F401
