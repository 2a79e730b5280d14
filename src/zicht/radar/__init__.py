"""Zicht as a client of the national register (radar, DOMAIN §4.10, R-REG-1..3, R-TRI-2).

A case's persons are registered when the case is registered and when they join it: the
registration is written to an outbox in the same transaction and delivered after commit, retried
until the register acknowledges it (a register that is down never blocks intake). Matches are
pulled from the register, shown on the case page and handed to the assessment (R-TRI-2).
"""
