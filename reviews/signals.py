"""What reviews tell other apps, which listen without reviews importing them.

Sent inside the transaction of the write, so a listener's rows (accounts' notifications)
commit or roll back with it.
"""

from django.dispatch import Signal

from sadlist.caching import reviews_changed

# review, voter: someone marked review helpful.
review_marked_helpful = Signal()
# review, reason: a moderator hid review, for reason (words for its author).
review_hidden = Signal()


def _reviews_changed(sender, **kwargs):
    reviews_changed()


def connect():
    """Every saved or deleted review, from its author or from the admin, forgets the title
    pages' shared parts, which hold the reviews visitors see first (sadlist.caching)."""
    from django.db.models.signals import post_delete, post_save

    from .models import Review

    post_save.connect(_reviews_changed, sender=Review, dispatch_uid="reviews-saved")
    post_delete.connect(_reviews_changed, sender=Review, dispatch_uid="reviews-deleted")
