"""This VT organisation, the municipalities it serves and its partner agencies."""
