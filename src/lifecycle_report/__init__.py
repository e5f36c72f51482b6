"""lifecycle-report: an ML playbook's lifecycle rules, visible and enforced.

The package follows one pipeline, one module or folder per stage::

    registry files --load--> Registry --rules/evaluate--> Report --formats/site--> output

``load`` reads and validates files, ``rules`` judge loaded objects (never files),
``evaluate`` builds the :class:`~lifecycle_report.report.Report`, and ``formats`` and
``site`` only render it. ``cli`` and ``plugin`` are thin adapters on top.
"""

__version__ = "0.1.0"
