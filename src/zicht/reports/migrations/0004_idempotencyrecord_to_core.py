# The idempotency record moves to core (issue 20.1): reports forgets the model; the table and
# its rows are kept and now belong to core.IdempotencyRecord (core 0001).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('reports', '0003_text_max_length'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='IdempotencyRecord')],
            database_operations=[],
        ),
    ]
