from odoo import api, models
from odoo.exceptions import AccessError, UserError

# the chatter of a document stays open whatever its state
CHATTER_FIELDS = frozenset({"message_follower_ids", "activity_ids", "message_ids"})


class DealerFlowDocumentMixin(models.AbstractModel):
    """A dealer document changed by its buttons and its approval, and frozen once it leaves draft.

    ``_flow_fields`` are written by the flow only (under ``sudo``), refused to every direct create
    or write; ``_frozen_fields`` cannot change once the document is no longer a draft (``None``:
    every field but ``_always_editable``). A document that left draft is not deleted. Listed before
    the approval mixin in ``_inherit``, so that a direct write of the state is refused here first.
    """

    _name = "dealer.flow.document.mixin"
    _description = "Dealer Document Changed by Its Flow"
    _flow_fields = frozenset({"state"})
    _frozen_fields = None
    _always_editable = CHATTER_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(self._flow_fields & vals.keys() for vals in vals_list):
            raise AccessError(self._flow_hint())
        return super().create([self._flow_create_vals(vals) for vals in vals_list])

    def write(self, vals):
        if not self.env.su:
            if self._flow_fields & vals.keys():
                raise AccessError(self._flow_hint())
            frozen = self._frozen_fields & vals.keys() if self._frozen_fields is not None else vals.keys()
            if frozen - self._always_editable and self.filtered(lambda record: record.state != "draft"):
                raise UserError(self._frozen_hint())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if self.filtered(lambda record: record.state != "draft"):
            raise UserError(self._unlink_hint())

    @api.model
    def _flow_create_vals(self, vals):
        """The values of a new document with what the flow fills in itself (checked: none was typed in)."""
        return vals

    def _flow_hint(self):
        """The refusal of a direct write of the flow's fields."""
        raise NotImplementedError

    def _frozen_hint(self):
        """The refusal of a change once the document left draft."""
        raise NotImplementedError

    def _unlink_hint(self):
        """The refusal of the deletion of a document that left draft."""
        raise NotImplementedError
