"""Spoken formats: the speech script, the pronunciation lexicon, the speech engine, MP3 encoding, chapter marks.

Shared by the ``audio`` and ``easy-read-audio`` builders, which never import
each other.
"""
