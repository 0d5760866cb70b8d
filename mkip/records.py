"""Records of what was approved or published: once stored, never changed or deleted.

A later version is a new row beside the earlier ones. The model refuses a second ``save()`` of a
stored row and every ``delete()``; its QuerySet refuses ``update()`` and ``delete()``; each says
why in ``unchangeable_message``.
"""

from django.core.exceptions import ValidationError
from django.db import models


class UnchangeableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(self.model.unchangeable_message)

    def delete(self):
        raise ValidationError(self.model.unchangeable_message)


class Unchangeable(models.Model):
    unchangeable_message = "This record never changes: store a new version instead."

    objects = UnchangeableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(self.unchangeable_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.unchangeable_message)
