"""Helpers that several builders share.  They read the model; they never import a builder."""
