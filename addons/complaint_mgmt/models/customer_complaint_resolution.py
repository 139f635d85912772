"""The resolution of an approved complaint: credit note, return or exchange, return certificate (CM-11, CM-12)."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from .customer_complaint import GOODS_HANDLINGS, MANAGER_GROUP, MONEY_HANDLINGS


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    invoice_id = fields.Many2one(
        "account.move",
        string="Customer Invoice",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        help="The invoice the credit note reverses. A return is refunded for the quantity received back at the "
        "invoiced price and taxes. A discount or compensation is the approved amount, VAT included, spread over "
        "the invoice lines of the complaint's product (all product lines when it has none) in proportion to "
        "their amounts with VAT, each line keeping its taxes and accounts.",
    )
    credit_note_ids = fields.One2many("account.move", "complaint_id", string="Credit Notes", readonly=True)
    credit_note_count = fields.Integer(compute="_compute_credit_note_count")
    return_qty = fields.Float(string="Quantity to Return", digits="Product Unit", tracking=True)
    return_override_reason = fields.Text(
        string="Late Return Authorised Because",
        tracking=True,
        help="Returns are accepted within the company's return window after the purchase; past it, "
        "a complaint manager authorises the return with a written reason.",
    )
    return_picking_id = fields.Many2one("stock.picking", string="Return", readonly=True, copy=False)
    exchange_picking_id = fields.Many2one(
        "stock.picking",
        string="Replacement Delivery",
        readonly=True,
        copy=False,
        help="The delivery of the replacement goods, created with the return.",
    )
    returned_qty = fields.Float(
        string="Quantity Received Back",
        digits="Product Unit",
        compute="_compute_returned_qty",
        help="What the warehouse actually received on the return: the refund follows it.",
    )
    returnable_qty = fields.Float(
        string="Quantity Still Returnable",
        digits="Product Unit",
        compute="_compute_returnable_qty",
        help="Delivered by the delivery, less what was already returned from it (by this or any other return).",
    )
    # the purchase return and allowance certificate the customer obtains from the tax bureau (seed 004)
    return_certificate_number = fields.Char(tracking=True, copy=False)
    return_certificate_date = fields.Date(tracking=True, copy=False)
    return_certificate_attachment_ids = fields.Many2many(
        "ir.attachment",
        "customer_complaint_return_certificate_rel",
        "complaint_id",
        "attachment_id",
        string="Return Certificate",
        copy=False,
        help="The customer's 进货退货及折让证明单, issued through the tax bureau: a refund for returned goods "
        "needs it, with its number and date.",
    )
    return_certificate_waiver = fields.Text(
        string="Certificate Waived Because",
        tracking=True,
        copy=False,
        help="A complaint manager may let the refund go without the certificate, with a reason; the reason and "
        "who gave it are logged.",
    )
    return_certificate_ok = fields.Boolean(
        string="Certificate in Order",
        compute="_compute_return_certificate_ok",
        help="The certificate is attached with its number and date, or a complaint manager waived it.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("credit_note_ids")
    def _compute_credit_note_count(self):
        for complaint in self:
            complaint.credit_note_count = len(complaint.credit_note_ids)

    @api.depends("return_picking_id.state", "return_picking_id.move_ids.quantity", "product_id")
    def _compute_returned_qty(self):
        for complaint in self:
            picking = complaint.return_picking_id
            product = complaint.product_id
            moves = picking.move_ids.filtered(lambda m, product=product: m.product_id == product and m.state == "done")
            complaint.returned_qty = sum(moves.mapped("quantity"))

    @api.depends("picking_id.move_ids.returned_move_ids.state", "product_id", "return_picking_id")
    def _compute_returnable_qty(self):
        for complaint in self:
            complaint.returnable_qty = complaint._returnable_qty() if complaint.picking_id else 0.0

    @api.depends(
        "return_certificate_number",
        "return_certificate_date",
        "return_certificate_attachment_ids",
        "return_certificate_waiver",
    )
    def _compute_return_certificate_ok(self):
        for complaint in self:
            attached = bool(
                complaint.return_certificate_number
                and complaint.return_certificate_date
                and complaint.return_certificate_attachment_ids
            )
            complaint.return_certificate_ok = attached or bool((complaint.return_certificate_waiver or "").strip())

    # ------------------------------------------------------------------ constraints
    @api.constrains("return_qty", "picking_id", "product_id")
    def _check_return_qty(self):
        """CM-12: nobody returns more than was delivered, less what was already returned from the delivery."""
        for complaint in self:
            if not complaint.return_qty or not complaint.picking_id:
                continue
            returnable = complaint._returnable_qty()
            if float_compare(complaint.return_qty, returnable, 6) > 0:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s: the quantity to return (%(qty)s) exceeds what %(picking)s delivered and was "
                        "not returned yet (%(returnable)s of %(delivered)s).",
                        complaint=complaint.name,
                        qty=complaint.return_qty,
                        picking=complaint.picking_id.name,
                        returnable=returnable,
                        delivered=complaint._delivered_qty(),
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        if "return_certificate_waiver" in vals and not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a complaint manager can waive the return certificate."))
        result = super().write(vals)
        if (vals.get("return_certificate_waiver") or "").strip():
            self._log_certificate_waiver()
        return result

    def _log_certificate_waiver(self):
        for complaint in self:
            env = complaint.with_context(lang=complaint.company_id.partner_id.lang or self.env.lang).env
            complaint.message_post(
                body=env._(
                    "Return certificate waived by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=complaint.return_certificate_waiver,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ actions
    def action_create_credit_note(self):
        """CM-11 / CM-12: a draft credit note reversing the customer's invoice for what was approved, for
        accounting to check and post."""
        self._check_service()
        for complaint in self:
            complaint._check_can_create_credit_note()
        moves = self.env["account.move"]
        for complaint in self:
            moves |= complaint._create_credit_note()
        if len(moves) == 1 and self.env.user.has_group("account.group_account_invoice"):
            return self.action_cm_open_credit_notes()
        return True

    def action_create_return(self):
        """CM-12: the return of the goods from the delivery by Odoo's return wizard; for a replacement, its
        exchange (the return and the new delivery of the same goods)."""
        self._check_service()
        for complaint in self:
            complaint._check_can_create_return()
        for complaint in self:
            complaint._create_return_picking()
        return True

    @api.readonly
    def action_cm_open_credit_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_refund_type")
        if len(self.credit_note_ids) == 1:
            action.update({"res_id": self.credit_note_ids.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("complaint_id", "=", self.id)]
        return action

    @api.readonly
    def action_cm_open_return(self):
        self.ensure_one()
        return self._open_picking(self.return_picking_id)

    @api.readonly
    def action_cm_open_exchange(self):
        self.ensure_one()
        return self._open_picking(self.exchange_picking_id)

    def _open_picking(self, picking):
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action.update({"res_id": picking.id, "view_mode": "form", "views": [(False, "form")]})
        return action

    # ------------------------------------------------------------------ checks
    def _check_can_create_credit_note(self):
        self.ensure_one()
        if self.state != "approved" or self.handling_type not in MONEY_HANDLINGS:
            raise UserError(
                self.env._(
                    "A credit note is issued for an approved compensation, discount or return only (%(complaint)s).",
                    complaint=self.name,
                )
            )
        if self.credit_note_ids.filtered(lambda move: move.state != "cancel"):
            raise UserError(self.env._("%(complaint)s already has its credit note.", complaint=self.name))
        if not self.invoice_id:
            raise UserError(self.env._("Choose the customer's invoice of %(complaint)s first.", complaint=self.name))
        if self.handling_type != "return":
            return
        if not self.returned_qty:
            raise UserError(
                self.env._(
                    "Nothing was received back on the return of %(complaint)s yet: the refund follows the "
                    "quantity received.",
                    complaint=self.name,
                )
            )
        if not self.return_certificate_ok:
            raise UserError(
                self.env._(
                    "%(complaint)s: a refund for returned goods needs the customer's purchase return and allowance "
                    "certificate (进货退货及折让证明单): attach it with its number and date, or ask a complaint "
                    "manager to waive it with a reason.",
                    complaint=self.name,
                )
            )

    def _check_can_create_return(self):
        self.ensure_one()
        if self.state != "approved" or self.handling_type not in GOODS_HANDLINGS:
            raise UserError(
                self.env._(
                    "A return is created for an approved return, rework or replacement only (%(complaint)s).",
                    complaint=self.name,
                )
            )
        if self.return_picking_id.state not in (False, "cancel"):
            raise UserError(self.env._("%(complaint)s already has its return.", complaint=self.name))
        picking = self.picking_id
        if not picking or picking.state != "done" or not self.product_id:
            raise UserError(
                self.env._("Give the done delivery and the product of %(complaint)s first.", complaint=self.name)
            )
        if self.return_qty <= 0:
            raise UserError(self.env._("Give the quantity to return of %(complaint)s.", complaint=self.name))
        last_day = picking.date_done.date() + relativedelta(months=self.company_id.cm_return_months)
        if fields.Date.context_today(self) > last_day and not self.return_override_reason:
            raise UserError(
                self.env._(
                    "%(complaint)s: the goods were delivered on %(date)s, returns are accepted until %(last)s. "
                    "A complaint manager must authorise a late return with a reason.",
                    complaint=self.name,
                    date=fields.Date.to_string(picking.date_done.date()),
                    last=fields.Date.to_string(last_day),
                )
            )
        self._check_return_qty()

    # ------------------------------------------------------------------ quantities
    def _delivered_moves(self):
        self.ensure_one()
        return self.picking_id.move_ids.filtered(
            lambda move: move.state == "done" and (not self.product_id or move.product_id == self.product_id)
        )

    def _delivered_qty(self):
        return sum(self._delivered_moves().mapped("quantity"))

    def _returned_from(self, move):
        """What was returned (or is on its way back) from ``move``, by returns other than this complaint's."""
        returns = move.returned_move_ids.filtered(
            lambda back: back.state != "cancel" and back.picking_id != self.return_picking_id
        )
        return sum(back.quantity if back.state == "done" else back.product_uom_qty for back in returns)

    def _returnable_qty(self):
        self.ensure_one()
        # sudo: the service centre checks the delivery's returns whoever made them
        return sum(move.quantity - self._returned_from(move) for move in self.sudo()._delivered_moves())

    # ------------------------------------------------------------------ credit note
    def _create_credit_note(self):
        """Odoo's reversal of the customer's invoice (taxes, accounts, analytic distribution kept), its lines then
        cut to what was approved. Left in draft: nothing here posts it."""
        self.ensure_one()
        # sudo: the service centre prepares the draft from the invoice; accounting checks and posts it
        invoice = self.invoice_id.sudo()
        reversal = (
            self.env["account.move.reversal"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": self._credit_note_reason(), "journal_id": invoice.journal_id.id})
        )
        reversal.refund_moves()
        refund = reversal.new_move_ids
        if self.handling_type == "return":
            refund.write({"invoice_line_ids": self._return_line_commands(refund)})
        else:
            refund.write({"invoice_line_ids": self._allowance_line_commands(refund)})
            self._settle_allowance_rounding(refund)
        refund.write({"complaint_id": self.id, "invoice_origin": self.name})
        return refund.with_env(self.env)

    def _credit_note_reason(self):
        lang = self.invoice_id.partner_id.lang or self.company_id.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        if self.handling_type == "return":
            return env._("return of complaint %(number)s", number=self.name)
        return env._("sales allowance of complaint %(number)s", number=self.name)

    def _return_line_commands(self, refund):
        """The lines of the returned product, for the quantity received back at the invoiced price and taxes;
        every other line is dropped."""
        remaining = self.returned_qty
        commands = []
        for line in refund.invoice_line_ids:
            quantity = 0.0
            if line.display_type == "product" and line.product_id == self.product_id and remaining > 0:
                quantity = min(remaining, line.quantity)
                remaining -= quantity
            if quantity:
                commands.append(Command.update(line.id, {"quantity": quantity}))
            elif line.display_type == "product":
                commands.append(Command.unlink(line.id))
        if remaining > 0:
            raise UserError(
                self.env._(
                    "%(complaint)s: invoice %(invoice)s does not invoice the %(qty)s %(product)s received back.",
                    complaint=self.name,
                    invoice=self.invoice_id.name,
                    qty=self.returned_qty,
                    product=self.product_id.display_name,
                )
            )
        return commands

    def _allowance_targets(self, refund):
        lines = refund.invoice_line_ids.filtered(lambda line: line.display_type == "product" and line.price_total)
        return lines.filtered(lambda line: line.product_id == self.product_id) or lines

    def _allowance_line_commands(self, refund):
        """The approved amount, VAT included, spread over the target lines in proportion to their amounts with
        VAT: each line becomes one unit priced so that its amount with its own taxes is its share."""
        targets = self._allowance_targets(refund)
        currency = refund.currency_id
        total = sum(targets.mapped("price_total"))
        if currency.compare_amounts(self.proposed_amount, total) > 0:
            raise UserError(
                self.env._(
                    "%(complaint)s: the approved amount (%(amount)s) exceeds invoice %(invoice)s (%(total)s).",
                    complaint=self.name,
                    amount=self.proposed_amount,
                    invoice=self.invoice_id.name,
                    total=total,
                )
            )
        label = self.env._("Sales allowance, complaint %(number)s", number=self.name)
        commands, given = [], 0.0
        for index, line in enumerate(targets):
            last = index == len(targets) - 1
            share = currency.round(
                self.proposed_amount - given if last else self.proposed_amount * line.price_total / total
            )
            given += share
            commands.append(
                Command.update(
                    line.id,
                    {
                        "name": f"{label} - {line.name}" if line.name else label,
                        "quantity": 1.0,
                        "discount": 0.0,
                        "price_unit": share / self._total_per_price_unit(line),
                        "sale_line_ids": [Command.clear()],
                    },
                )
            )
        commands += [
            Command.unlink(line.id) for line in refund.invoice_line_ids - targets if line.display_type == "product"
        ]
        return commands

    @api.model
    def _total_per_price_unit(self, line):
        """How much of the line's amount with taxes one unit of price gives (1.13 for a 13% VAT on top of the price,
        1 for a tax-exempt line or a price with its tax included)."""
        gross = line.price_unit * line.quantity * (1 - line.discount / 100.0)
        return line.price_total / gross if gross else 1.0

    def _settle_allowance_rounding(self, refund):
        """A price rounded to its digits can leave the total a cent off the approved amount: the last line takes it."""
        difference = self.proposed_amount - refund.amount_total
        if refund.currency_id.is_zero(difference):
            return
        line = refund.invoice_line_ids.filtered(lambda line: line.display_type == "product")[-1:]
        line.price_unit += difference / self._total_per_price_unit(line)

    # ------------------------------------------------------------------ return
    def _create_return_picking(self):
        """CM-12: Odoo's own return wizard on the delivery, for the quantity to return of the product, each move
        giving back at most what was not returned from it yet; a replacement is Odoo's exchange."""
        self.ensure_one()
        # sudo: the service centre triggers the return; the warehouse receives it with its own rights
        picking = self.picking_id.sudo()
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=picking.id, active_ids=picking.ids, active_model="stock.picking")
            .create({})
        )
        remaining = self.return_qty
        for line in wizard.product_return_moves:
            quantity = 0.0
            if line.product_id == self.product_id and remaining > 0:
                quantity = min(remaining, line.move_id.quantity - self._returned_from(line.move_id))
                remaining -= quantity
            line.quantity = max(quantity, 0.0)
        deliveries_before = self._open_deliveries(picking)
        if self.handling_type == "replacement":
            action = wizard.action_create_exchanges()
        else:
            action = wizard.action_create_returns()
        new_picking = self.env["stock.picking"].sudo().browse(action["res_id"])
        values = {"return_picking_id": new_picking.id}
        if self.handling_type == "replacement":
            values["exchange_picking_id"] = (self._open_deliveries(picking) - deliveries_before)[:1].id
        note = self.env._(
            "Return of complaint %(number)s: %(reason)s", number=self.name, reason=self.cause_id.name or "-"
        )
        for created in new_picking | self.env["stock.picking"].sudo().browse(values.get("exchange_picking_id")):
            created.message_post(body=note)
        self.sudo().write(values)
        return new_picking

    @api.model
    def _open_deliveries(self, picking):
        """The deliveries still to ship of the same order references: where Odoo's exchange puts the new goods."""
        return (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("reference_ids", "in", picking.reference_ids.ids),
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "not in", ("done", "cancel")),
                ]
            )
        )
