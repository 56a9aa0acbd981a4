"""Errors a user can cause; each message is one line that names the problem plainly."""


class AnnotatorError(Exception):
    """Base of every error the CLI and GUI show to the user instead of a traceback."""


class NotFoundError(AnnotatorError):
    """An id or key that the project does not have."""


class InvalidInputError(AnnotatorError):
    """A value that breaks a rule (range out of the text, empty name, duplicate shortcut…)."""


class CodeInUseError(AnnotatorError):
    """Deleting a code that has codings needs a target code to move them to."""


class ProjectFileError(AnnotatorError):
    """The project file cannot be opened as a project."""


class ChangedMeanwhileError(AnnotatorError):
    """Someone else changed the item after we read it; the edit was not saved."""
class DiskFullError(AnnotatorError):
    """The disk (or SQLite's size limit) is full: the transaction was rolled back."""
