"""Loading: read registry files, validate them, and build the :class:`Registry`.

Nothing here renders or judges: bad input becomes :class:`~lifecycle_report.problems.Problem`
entries that name the file and line, and one bad file never hides the others.
"""

from .registry import LoadCache, RegistryRootError, load_registry

__all__ = ["LoadCache", "RegistryRootError", "load_registry"]
