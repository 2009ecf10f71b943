"""The data model, one module per capability.

- groups: users, cooperation groups and parties;
- core: the minutes themselves (meetings, items, union
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
    Decision,
    Meeting,
    MeetingQuerySet,
    Position,
    UnionInput,
    attachment_upload_to,
)
from meetings.models.groups import CooperationGroup, Party, User  # noqa: F401
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
