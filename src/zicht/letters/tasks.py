"""Letter side effects, run after commit by the worker (`manage.py db_worker`)."""

from django.db import InterfaceError, OperationalError
from django_tasks import task

from zicht.letters import services
from zicht.letters.models import Letter


@task()
def render_letter_pdf(letter_id: int) -> None:
    """Makes the PDF of one letter. A failure of the letter itself is written on it (status
    failed, with the error) and re-raised, so the outbox shows it and the task result records it
    too."""
    try:
        services.letter_render_pdf(letter_id=letter_id)
    except Letter.DoesNotExist:
        return  # destroyed with its case before the worker came to it: nothing to make
    except (OperationalError, InterfaceError):
        # The database went away mid-task (a restart, a failover): nothing is wrong with the
        # letter. It stays queued, and `requeue_letters` gives it a new task (recovery.py); marked
        # failed it would wait for a person (the fault run found one such letter).
        raise
    except Exception as error:
        services.letter_render_failed(letter_id=letter_id, error=f"{type(error).__name__}: {error}")
        raise
