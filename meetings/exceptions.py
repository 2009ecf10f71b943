"""The errors the services raise; their messages are for the user."""


class WorkflowError(Exception):
    """An action the minutes' state does not allow."""


class MeetingLocked(WorkflowError):
    """The minutes are adjusted and cannot be changed."""


class EditConflict(Exception):
    """Someone else saved the object after this form was opened (optimistic locking)."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


class PreparationError(Exception):
    """An action on the calendar, follow-ups or agenda that the state does not allow."""
