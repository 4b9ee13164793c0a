"""Signals other apps connect to, so that members never imports them.

`profile_changed` is sent after the transaction that changed an organisation's profile has committed, with:

- `sender`: the `directory.Organisation` class;
- `organisation`: the organisation whose profile changed;
- `organisation_id`: its primary key;
- `changed`: the names of the parts that changed (`descriptions`, `clusters`, `concepts`, `items`,
  `partner_types`, `countries`, `regions`, `languages`, `public_fields`);
- `user`: the account that made the change (or None).

Recommendations recompute the organisation's matches and search re-indexes it in their receivers, e.g.::

    from members.signals import profile_changed

    @receiver(profile_changed)
    def recompute(sender, organisation_id, **kwargs): ...
"""

from django.dispatch import Signal

profile_changed = Signal()
