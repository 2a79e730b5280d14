"""Persons and households (cliëntsystemen): search before create, BSN check, merging."""
