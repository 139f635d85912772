"""DR-11 / DR-14: a finding about a dealer (a violation, a competing volume) belongs to whoever."""

from odoo import api, models
from odoo.exceptions import AccessError

MANAGER_GROUP = "dealer_rebate.dealer_rebate_group_manager"


class DealerRecordedMixin(models.AbstractModel):
    """DR-11 / DR-14: a finding about a dealer (a violation, a competing volume) belongs to whoever
    recorded it (``user_id``), e.g. the market department after an inspection: only they, or a
    rebate manager, change or delete it; nobody records in someone else's name. The dealer's
    salesperson reads it and records their own findings."""

    _name = "dealer.recorded.mixin"
    _description = "Dealer Finding Kept by its Recorder"

    @api.model_create_multi
    def create(self, vals_list):
        if not self._dr_may_change_any():
            for vals in vals_list:
                if vals.get("user_id", self.env.uid) != self.env.uid:
                    raise AccessError(self._dr_recorder_hint())
        return super().create(vals_list)

    def write(self, vals):
        self._check_recorder()
        if "user_id" in vals and vals["user_id"] != self.env.uid and not self._dr_may_change_any():
            raise AccessError(self._dr_recorder_hint())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded_by_others(self):
        self._check_recorder()

    def _check_recorder(self):
        if not self._dr_may_change_any() and self.filtered(lambda record: record.user_id != self.env.user):
            raise AccessError(self._dr_recorder_hint())

    def _dr_may_change_any(self):
        """Hook: whether the current user changes the findings recorded by others."""
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _dr_recorder_hint(self):
        return self.env._("Only the person who recorded this, or a dealer rebate manager, can change or delete it.")
