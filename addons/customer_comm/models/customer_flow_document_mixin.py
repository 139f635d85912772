"""The document moved by its flow (buttons, approval, jobs): what the flow owns is refused to direct edits."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# the chatter of a document stays open whatever its state
CHATTER_FIELDS = frozenset({"message_follower_ids", "activity_ids", "message_ids"})


class CustomerFlowDocumentMixin(models.AbstractModel):
    """X-3 / Q-10: a document whose status and figures change through its flow, never by an edit.

    The flow's methods follow Odoo's ``hr_expense`` shape: ``action_x`` (what a button or RPC calls)
    checks with ``_check_can_x`` and then does ``_do_x``, writing the flow's fields as superuser.
    Every other path (a form, an import, RPC ``write``, a context key) meets the guards below:

    - ``_flow_fields`` are written by the flow only (``None``: every field but ``_always_editable``, for
      documents that are computed, not typed in); a new document may only say it is a draft;
    - ``_frozen_fields`` cannot change once the document left draft (``None``: every field but
      ``_always_editable``); such a document is then not deleted either;
    - the locks by state of ``customer.locked.fields.mixin`` (``_locked_fields_by_state``).

    List it first in ``_inherit`` (before the approval mixin), so that a direct write of the state is
    refused here first.
    """

    _name = "customer.flow.document.mixin"
    _inherit = ["customer.locked.fields.mixin"]
    _description = "Document Changed by Its Flow"
    _flow_fields = frozenset({"state"})
    _frozen_fields = frozenset()
    _always_editable = CHATTER_FIELDS
    _flow_state_field = "state"
    _draft_state = "draft"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(self._flow_fields_in(vals, creating=True) for vals in vals_list):
            raise AccessError(self._flow_hint())
        return super().create([self._flow_create_vals(vals) for vals in vals_list])

    def write(self, vals):
        if not self.env.su:
            if self._flow_fields_in(vals):
                raise AccessError(self._flow_hint())
            frozen = self._frozen_fields & vals.keys() if self._frozen_fields is not None else vals.keys()
            if frozen - self._always_editable and self.filtered(lambda record: not record._is_draft()):
                raise UserError(self._frozen_hint())
        return super().write(self._flow_write_vals(vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_left_draft(self):
        if self._frozen_fields != frozenset() and self.filtered(lambda record: not record._is_draft()):
            raise UserError(self._unlink_hint())

    def _flow_fields_in(self, vals, creating=False):
        """The flow's fields among ``vals``; a new record may say it is a draft."""
        if self._flow_fields is None:
            return vals.keys() - self._always_editable
        given = self._flow_fields & vals.keys()
        if creating and vals.get(self._flow_state_field) == self._draft_state:
            given -= {self._flow_state_field}
        return given

    def _is_draft(self):
        self.ensure_one()
        return self[self._flow_state_field] == self._draft_state

    @api.model
    def _flow_create_vals(self, vals):
        """The values of a new document with what the flow fills in itself (checked: none was typed in)."""
        return vals

    def _document_label(self):
        return self.env["ir.model"]._get(self._name).name

    def _flow_write_vals(self, vals):
        """The values of a change with what the flow derives from it (checked: none was typed in)."""
        return vals

    def _flow_hint(self):
        """The refusal of a direct write of the flow's fields."""
        return self.env._("%(document)s changes through its buttons, not by editing.", document=self._document_label())

    def _frozen_hint(self):
        """The refusal of a change once the document left draft."""
        return self.env._("%(document)s can no longer be changed once it left draft.", document=self._document_label())

    def _unlink_hint(self):
        """The refusal of the deletion of a document that left draft."""
        return self.env._("%(document)s can no longer be deleted once it left draft.", document=self._document_label())
