"""The logic behind the staff commands other than ``check`` and ``build``.

One module per ``factsheet`` sub-command (``status``, ``bump``, ``verify``,
``readability``, ``serve``, ``draft-easy-read``, ``new``) plus the build
command's progress report.  ``builders/cli.py`` parses the command line and
calls these; they use the core (model, pipeline, settings) and never a
builder by name.
"""
