"""EPUB 3 for the ``epub`` and ``easy-read-epub`` builders: XHTML content documents, the package and its zip.

Shared by the two builders, which never import each other.  The parts, each
one job: :mod:`.xhtml` turns the HTML fragments every builder shares into
XHTML content documents (links across documents, ids for each spoken
sentence); :mod:`.package` writes the package document, the navigation
document and the reproducible zip; :mod:`.overlays` writes the media
overlays (SMIL) from the narration's measured sentence times.
"""
