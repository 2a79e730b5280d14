"""The Case aggregate: workflow, timeline, deadlines, responsibility ledger, scoping, worklists."""
