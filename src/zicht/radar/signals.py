from django.dispatch import Signal

# Sent with `case` when the register told something about the case's persons: a match arrived,
# or a worker's lookup was answered. The assessment fills its "other VT organisations" source
# from `radar.selectors.register_source` (R-TRI-2).
register_answered = Signal()
