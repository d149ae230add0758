"""Notifications for what happens in the reviews app, which sends signals and never imports
accounts (the apps import downwards: DESIGN.md). Connected in AccountsConfig.ready."""

from reviews.signals import review_hidden, review_marked_helpful

from . import community
from .models import Notification


def notify_helpful(sender, *, review, voter, **kwargs):
    community.notification_create(
        recipient=review.user, kind=Notification.Kind.HELPFUL, actor=voter, review=review
    )


def notify_hidden(sender, *, review, reason, **kwargs):
    community.notification_create(
        recipient=review.user, kind=Notification.Kind.REVIEW_HIDDEN, review=review, reason=reason
    )


def connect():
    review_marked_helpful.connect(notify_helpful, dispatch_uid="accounts.notify_helpful")
    review_hidden.connect(notify_hidden, dispatch_uid="accounts.notify_hidden")
