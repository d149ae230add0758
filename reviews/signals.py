"""What reviews tell other apps, which listen without reviews importing them.

Sent inside the transaction of the write, so a listener's rows (accounts' notifications)
commit or roll back with it.
"""

from django.dispatch import Signal

# review, voter: someone marked review helpful.
review_marked_helpful = Signal()
# review, reason: a moderator hid review, for reason (words for its author).
review_hidden = Signal()
