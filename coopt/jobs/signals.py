"""What the jobs app tells the apps above it, without knowing them.

``job_status_changed`` is sent by ``job_set_status`` inside its transaction, with the job
(its new status set) and the status it left. Receivers (webhooks) write in that same
transaction, so it is sent with ``send``: an exception in one rolls the change back.
"""

from django.dispatch import Signal

job_status_changed = Signal()
