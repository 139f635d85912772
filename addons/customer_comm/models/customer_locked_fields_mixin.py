"""X-3: the fields a document's state locks, refused by ``write`` to everyone but the superuser."""

from odoo import models
from odoo.exceptions import UserError


class CustomerLockedFieldsMixin(models.AbstractModel):
    """X-3: the fields a document's state locks, refused by ``write`` to everyone but the superuser.

    A document declares ``_locked_fields_by_state`` (state → field names); the form's ``readonly``
    conditions show the same locks, the server enforces them whoever calls (form, import, RPC, a
    context key). The flow's own methods write those fields as superuser, after their own checks.
    """

    _name = "customer.locked.fields.mixin"
    _description = "Fields Locked by State"
    _locked_state_field = "state"

    def _locked_fields_by_state(self):
        """Hook: ``{state: field names}`` that ``write`` refuses in that state."""
        return {}

    def write(self, vals):
        if not self.env.su:
            self._check_locked_fields(vals)
        return super().write(vals)

    def _check_locked_fields(self, vals):
        locks = self._locked_fields_by_state()
        if not locks:
            return
        for record in self:
            state = record[self._locked_state_field]
            locked = sorted(set(locks.get(state, ())) & vals.keys())
            if locked:
                states = dict(self._fields[self._locked_state_field]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: %(fields)s can no longer be changed.",
                        record=record.display_name,
                        state=states.get(state, state),
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in locked),
                    )
                )
