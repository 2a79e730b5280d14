"""The access log (NEN 7513): every read and change of a person's or case's data."""
