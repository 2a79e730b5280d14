"""Dates as the Dutch write them on Zicht's pages (issue 16.7): "do 10 dec. 2026".

Django's own `nl` formats, with these output formats in place of its defaults (FORMAT_MODULE_PATH
in the settings). Templates name a format (`|date:"DATE_FORMAT"`), never spell one out. `N` is
the month abbreviation with its full stop where Dutch writes one ("dec.", "mei", "juni").
Letters keep the formal long date ("10 december 2026", letters and informing services).
"""

DATE_FORMAT = "D j N Y"  # do 10 dec. 2026
DATETIME_FORMAT = "D j N Y H:i"  # do 10 dec. 2026 14:05
SHORT_DATE_FORMAT = "j N Y"  # 10 dec. 2026
SHORT_DATETIME_FORMAT = "j N Y H:i:s"  # 10 dec. 2026 14:05:09 (the access log, to the second)
MONTH_DAY_FORMAT = "j N"  # 10 dec.
