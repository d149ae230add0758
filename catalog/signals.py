"""Every change to the catalog forgets the pages' shared parts (sadlist.caching.shared_part):
a curator who saves a title, its tags or a curated list in the admin sees it at once on
every page, as members and visitors do. Bulk writes send no signals: the imports call
catalog_changed() themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from sadlist.caching import catalog_changed

from .models import CuratedList, ListEntry, Tag, Title


def _catalog_changed(sender, **kwargs):
    catalog_changed()


def connect():
    for model in (Title, Tag, CuratedList, ListEntry):
        post_save.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-saved-{model}")
        post_delete.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-deleted-{model}")
    for links in (Title.tags.through, Title.content_notes.through):
        m2m_changed.connect(_catalog_changed, sender=links, dispatch_uid=f"catalog-{links}")
