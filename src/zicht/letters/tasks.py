"""Letter side effects, run after commit by the worker (`manage.py db_worker`)."""

from django_tasks import task

from zicht.letters import services
from zicht.letters.models import Letter


@task()
def render_letter_pdf(letter_id: int) -> None:
    """Makes the PDF of one letter. A failure is written on the letter (status failed, with the
    error) and re-raised, so the outbox shows it and the task result records it too."""
    try:
        services.letter_render_pdf(letter_id=letter_id)
    except Letter.DoesNotExist:
        return  # destroyed with its case before the worker came to it: nothing to make
    except Exception as error:
        services.letter_render_failed(letter_id=letter_id, error=f"{type(error).__name__}: {error}")
        raise
