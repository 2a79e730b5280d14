"""What every app's writes share: the record of a one-time key (issue 20.1).

An `IdempotencyRecord` holds the answer to a create sent with a key — the API's
`Idempotency-Key` or a page's one-time submission key (`zicht.core.submission`) — so a retry
gets that answer again and creates nothing. It is written last, in the transaction of the
write it answers: the unique constraint makes a concurrent duplicate fail at its end, roll back
and replay. (Moved here from `reports`; the table keeps its name and its rows.)
"""

from django.conf import settings
from django.db import models


class IdempotencyRecord(models.Model):
    """The answer to one create sent with a key, per user."""

    key = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    request_sha256 = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reports_idempotencyrecord"  # the table of before the move, with its rows
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user_id})"
