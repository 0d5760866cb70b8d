"""Page bases of the register: signed-in people with a role read them; anyone else gets a 403."""

from django.contrib.auth.mixins import UserPassesTestMixin

from mkip.views import ListPage
from partnership.permissions import can_read


class ReaderRequiredMixin(UserPassesTestMixin):
    """Pages of the register are for people with a role; anyone else is refused with a 403."""

    raise_exception = True

    def test_func(self):
        return can_read(self.request.user)


class RegisterListView(ReaderRequiredMixin, ListPage):
    """A register table that only readers see."""
