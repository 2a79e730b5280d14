from django.conf import settings
from django.db import models

from zicht.core.limits import FREE_TEXT_MAX


class AccessEvent(models.TextChoices):
    """NEN 7513's kinds of event (R-PRIV-3)."""

    CREATE = "create", "Aanmaken"
    READ = "read", "Inzien"
    CHANGE = "change", "Wijzigen"
    DELETE = "delete", "Verwijderen"
    EXPORT = "export", "Printen/exporteren"
    SEARCH = "search", "Zoeken"
    MERGE = "merge", "Samenvoegen"
    TRANSFER = "transfer", "Overdragen aan ander systeem"
    EMERGENCY = "emergency", "Noodtoegang"


class Channel(models.TextChoices):
    HTML = "html", "Webpagina"
    API = "api", "API"
    PDF = "pdf", "PDF"
    EXPORT = "export", "Export"
    SYSTEM = "system", "Systeem"


class AccessLogEntry(models.Model):
    """One access to one client's data. Append-only and hash-chained.

    Persons and cases are referenced by id, not by foreign key: the log is kept 5 years and must
    survive the destruction of a case file (R-PRIV-4) unchanged. The entry hash covers every field
    and the previous entry's hash, so changing or removing an entry breaks the chain
    (`manage.py verify_access_log`). On PostgreSQL a trigger refuses UPDATE and DELETE.
    """

    at = models.DateTimeField(db_index=True)
    event = models.CharField(max_length=20, choices=AccessEvent.choices)
    # No index of its own: the (user, at) index below serves every lookup by user. Each index
    # costs every page view that shows client data, as that view writes its entries.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    user_label = models.CharField(max_length=200)
    # Indexed below where set only: most entries name no person (a worklist logs cases) and
    # nobody acts on behalf of another, and an index entry for every NULL cost each page view
    # that writes 50 entries about a millisecond.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    on_behalf_of_label = models.CharField(max_length=200, blank=True)
    person_id = models.BigIntegerField(null=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    case_number = models.CharField(max_length=12, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    resource = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True, max_length=FREE_TEXT_MAX)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)  # checked by walking the chain, never looked up
    chain = models.PositiveSmallIntegerField(default=0)  # which AccessLogChain it extends

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["chain", "id"]),
            models.Index(
                fields=["person_id"],
                condition=models.Q(person_id__isnull=False),
                name="access_log_person",
            ),
            models.Index(
                fields=["on_behalf_of"],
                condition=models.Q(on_behalf_of__isnull=False),
                name="access_log_on_behalf_of",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.event} {self.case_number}"


class AccessLogChain(models.Model):
    """The head of one of the log's parallel hash chains: its last hash and its count, so a
    removed newest entry is detected too.

    A writer locks one chain head until its transaction commits, which puts that chain's entries
    in one order. With a single chain every transaction that reads a person's data queued behind
    every other one until commit; with CHAINS heads, a writer takes the first head no other
    transaction holds (SKIP LOCKED), so concurrent requests do not wait for each other. Every
    chain is verified on its own, and an entry cannot move between chains unnoticed: both chains'
    links would break.
    """

    CHAINS = 32

    chain = models.PositiveSmallIntegerField(primary_key=True)
    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)
    # The sealed start of the chain once the retention purge (audit.retention) removed its oldest
    # entries: the hash of the last removed entry, which the first kept entry links to, and how
    # many were removed. Verification starts there instead of at GENESIS.
    anchor_hash = models.CharField(max_length=64, default="0" * 64)
    purged = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"keten {self.chain}: {self.count} entries, last {self.last_hash[:12]}"


class AccessLogSeal(models.Model):
    """One purge of one chain (R-PRIV-3: entries are kept 5 years, then removed): up to which
    entry, with which last hash, how many. The chain head carries the anchor verification starts
    from; these rows are the record of each run. No personal data."""

    chain = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    cutoff = models.DateTimeField()
    last_entry_id = models.BigIntegerField()
    anchor_hash = models.CharField(max_length=64)
    removed = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["chain", "id"]

    def __str__(self) -> str:
        return f"keten {self.chain}: {self.removed} regels verwijderd tot {self.cutoff:%Y-%m-%d}"
