"""The one error class of the importer: a file that cannot be imported, in plain words."""


class MinutesImportError(Exception):
    """A file that cannot become minutes: empty, binary, corrupt, too large, unsupported,
    or parsed text that lacks what a meeting needs (its date or its group).

    `message` is user-facing (translated by the caller's active language); the
    parser itself never raises anything else.
    """

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message

    def __str__(self):
        return str(self.message)
