"""The visit in the field (外勤签到): the salesperson's day on the phone, check-in and check-out."""

from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .visit_route import haversine_km

CHECKIN_STATUSES = [
    ("within", "Within Radius"),
    ("outside", "Outside Radius"),
    ("no_position", "Position Unavailable"),
    ("no_coordinates", "Customer Without Coordinates"),
]
# what the browser's Geolocation API reports when it gives no position (GeolocationPositionError.code)
POSITION_ERRORS = {1: "denied", 2: "unavailable", 3: "timeout"}
CHECKIN_FIELDS = frozenset(
    {
        "checkin_time",
        "checkin_latitude",
        "checkin_longitude",
        "checkin_distance",
        "checkin_status",
        "checkout_time",
        "checkout_latitude",
        "checkout_longitude",
        "checkout_distance",
        "checkout_status",
        "field_flagged",
    }
)


class CustomerVisit(models.Model):
    """The visit in the field (外勤签到): the salesperson's day on the phone, check-in and check-out.

    Check-in and check-out record the time and the position the phone's browser gives (with the
    user's permission), the distance to the customer's coordinates (haversine, computed here; no
    map service is called) and whether it lies within the company's radius. A check-in outside the
    radius, without a position or at a customer without coordinates, and a visit marked done
    without check-in when the company requires one, are flagged to the supervisor: the visit is
    recorded all the same.
    """

    _inherit = "customer.visit"

    partner_address = fields.Char(compute="_compute_partner_address", string="Address")
    contact_phone = fields.Char(compute="_compute_contact_phone", string="Phone")
    navigation_url = fields.Char(
        compute="_compute_navigation_url",
        string="Navigation Link",
        help="A link the phone's map app opens, built from the customer's coordinates.",
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "customer_visit_photo_rel",
        "visit_id",
        "attachment_id",
        string="Photos",
        help="Photos taken during the visit (the phone's camera opens from here).",
    )
    checkin_time = fields.Datetime(string="Checked In", readonly=True, copy=False)
    checkin_latitude = fields.Float(string="Check-in Latitude", digits=(10, 7), readonly=True, copy=False)
    checkin_longitude = fields.Float(string="Check-in Longitude", digits=(10, 7), readonly=True, copy=False)
    checkin_distance = fields.Integer(string="Check-in Distance (m)", readonly=True, copy=False)
    checkin_status = fields.Selection(CHECKIN_STATUSES, string="Check-in", readonly=True, copy=False, tracking=True)
    checkout_time = fields.Datetime(string="Checked Out", readonly=True, copy=False)
    checkout_latitude = fields.Float(string="Check-out Latitude", digits=(10, 7), readonly=True, copy=False)
    checkout_longitude = fields.Float(string="Check-out Longitude", digits=(10, 7), readonly=True, copy=False)
    checkout_distance = fields.Integer(string="Check-out Distance (m)", readonly=True, copy=False)
    checkout_status = fields.Selection(CHECKIN_STATUSES, string="Check-out", readonly=True, copy=False)
    field_flagged = fields.Boolean(
        string="Flagged to Supervisor",
        readonly=True,
        copy=False,
        tracking=True,
        help="The check-in was outside the radius or without a position, or the visit was done without one.",
    )

    @api.depends("partner_id.street", "partner_id.street2", "partner_id.city", "partner_id.state_id", "partner_id.zip")
    def _compute_partner_address(self):
        for visit in self:
            # the customer's name is the card's title: the address alone, on one line
            lines = visit.partner_id._display_address(without_company=True).splitlines()
            visit.partner_address = " ".join(line.strip() for line in lines if line.strip()) or False

    @api.depends("visited_person_id.phone", "partner_id.phone", "partner_id.cc_mobile")
    def _compute_contact_phone(self):
        for visit in self:
            visit.contact_phone = (
                visit.visited_person_id.phone or visit.partner_id.cc_mobile or visit.partner_id.phone or False
            )

    @api.depends("partner_id.partner_latitude", "partner_id.partner_longitude", "partner_id.name")
    def _compute_navigation_url(self):
        for visit in self:
            partner = visit.partner_id
            if not visit.has_coordinates:
                visit.navigation_url = False
                continue
            # a geo: URI opens the phone's map app (Android; iOS asks which app), no service called here
            position = f"{partner.partner_latitude:.6f},{partner.partner_longitude:.6f}"
            visit.navigation_url = f"geo:{position}?{urlencode({'q': f'{position}({partner.name})'})}"

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(CHECKIN_FIELDS & vals.keys() for vals in vals_list):
            raise AccessError(self._cv_checkin_hint())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and CHECKIN_FIELDS & vals.keys():
            raise AccessError(self._cv_checkin_hint())
        return super().write(vals)

    def _cv_checkin_hint(self):
        return self.env._("Check-in and check-out are recorded by their buttons, not by editing the visit.")

    # ------------------------------------------------------------------ actions
    def action_check_in(self, latitude=None, longitude=None, position_error=None):
        """The visitor checks in at the customer, on the day of the visit, from the phone.

        :param latitude: the browser's latitude (``None`` when it gave no position)
        :param longitude: the browser's longitude
        :param position_error: the browser's ``GeolocationPositionError.code`` (1 refused, 2 unavailable,
            3 timeout), or any other value when the browser has no geolocation
        :return: ``{"status", "flagged", "message"}`` for the phone to show
        """
        self.ensure_one()
        self._check_visitor()
        if self.state != "planned":
            raise UserError(self.env._("Only a planned visit can be checked in."))
        if self.checkin_time:
            raise UserError(self.env._("You have already checked in to this visit."))
        if self.date != fields.Date.context_today(self):
            raise UserError(self.env._("You can check in only on the day of the visit."))
        status, distance = self._cv_stamp("checkin", latitude, longitude)
        message = self._cv_checkin_message(status, distance, position_error)
        flagged = status != "within"
        if flagged:
            self._cv_flag_to_supervisor(message)
        return {"status": status, "flagged": flagged, "message": message}

    def action_check_out(self, latitude=None, longitude=None, position_error=None):
        """The visitor checks out when leaving the customer: time, position and distance are recorded."""
        self.ensure_one()
        self._check_visitor()
        if not self.checkin_time:
            raise UserError(self.env._("Check in before checking out."))
        if self.checkout_time:
            raise UserError(self.env._("You have already checked out of this visit."))
        if self.state == "cancel":
            raise UserError(self.env._("A cancelled visit cannot be checked out."))
        status, distance = self._cv_stamp("checkout", latitude, longitude)
        if status == "no_position":
            message = self.env._("Checked out without a position: %s", self._cv_position_error_text(position_error))
        elif status == "no_coordinates":
            message = self.env._("Checked out. The customer has no coordinates: no distance was measured.")
        else:
            message = self.env._("Checked out %(distance)s m from the customer.", distance=distance)
        return {"status": status, "flagged": False, "message": message}

    def action_done(self):
        """A visit done without a check-in, where the company requires one, is done and flagged."""
        result = super().action_done()
        for visit in self.filtered(lambda visit: visit.company_id.cv_checkin_required and not visit.checkin_time):
            visit._cv_flag_to_supervisor(self.env._("The visit was marked done without a check-in."))
        return result

    # ------------------------------------------------------------------ helpers
    def _cv_stamp(self, prefix, latitude, longitude):
        """Record the time, the position, the distance and the status of the check-in or check-out
        (``prefix``) the caller checked. :return: ``(status, distance in m)``"""
        status, distance, position = self._cv_locate(latitude, longitude)
        # sudo: the check-in and check-out fields are refused to direct writes; the callers checked the visitor
        self.sudo().write(
            {
                f"{prefix}_time": fields.Datetime.now(),
                f"{prefix}_latitude": position[0],
                f"{prefix}_longitude": position[1],
                f"{prefix}_distance": distance,
                f"{prefix}_status": status,
            }
        )
        return status, distance

    def _cv_locate(self, latitude, longitude):
        """``(status, distance in m, (latitude, longitude))`` of a position given by the browser."""
        self.ensure_one()
        if latitude is None or longitude is None or latitude is False or longitude is False:
            return "no_position", 0, (0.0, 0.0)
        try:
            position = (float(latitude), float(longitude))
        except (TypeError, ValueError) as error:
            raise ValidationError(self.env._("The position given is not a latitude and a longitude.")) from error
        if not (-90 <= position[0] <= 90 and -180 <= position[1] <= 180):
            raise ValidationError(self.env._("The position given is not a latitude and a longitude."))
        if not self.has_coordinates:
            return "no_coordinates", 0, position
        customer = (self.partner_id.partner_latitude, self.partner_id.partner_longitude)
        distance = round(haversine_km(position, customer) * 1000)
        status = "within" if distance <= self.company_id.cv_checkin_radius else "outside"
        return status, distance, position

    def _cv_checkin_message(self, status, distance, position_error):
        radius = self.company_id.cv_checkin_radius
        if status == "within":
            return self.env._("Checked in %(distance)s m from the customer.", distance=distance)
        if status == "outside":
            return self.env._(
                "Checked in %(distance)s m from the customer, outside the %(radius)s m radius: your supervisor is "
                "notified.",
                distance=distance,
                radius=radius,
            )
        if status == "no_coordinates":
            return self.env._(
                "Checked in, but the customer has no coordinates on file, so the distance is unknown: your "
                "supervisor is notified. Add the customer's coordinates to check in normally next time."
            )
        return self.env._(
            "Checked in without a position (%s): your supervisor is notified. Allow this site to use your "
            "location to check in normally.",
            self._cv_position_error_text(position_error),
        )

    def _cv_position_error_text(self, position_error):
        reason = POSITION_ERRORS.get(position_error) if isinstance(position_error, int) else None
        if reason == "denied":
            return self.env._("location access was refused")
        if reason == "unavailable":
            return self.env._("the position is unavailable")
        if reason == "timeout":
            return self.env._("the position took too long")
        return self.env._("this browser gives no position")

    def _cv_supervisor(self):
        """The visitor's supervisor: who reviews the visit's report, resolved the way the approvals are."""
        self.ensure_one()
        definition = self.env.ref("client_visit.tier_definition_visit_report", raise_if_not_found=False)
        return self._cc_approver(definition.sudo().cc_role if definition else "branch_sales_manager")

    def _cv_flag_to_supervisor(self, message):
        """Flag this visit to the supervisor: a to-do for them and the reason in the chatter."""
        self.ensure_one()
        # sudo: only the flag, written by the check-in and done buttons after their checks
        self.sudo().write({"field_flagged": True})
        self.message_post(body=message)
        supervisor = self._cv_supervisor()
        if not supervisor:
            return
        # sudo: the visitor cannot assign to-dos to another user; the reason comes from the checks above
        self.env["customer.batch.job"].sudo()._schedule_activities(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "user_id": supervisor.id,
                    "summary": self.with_context(lang=supervisor.lang).env._(
                        "Field visit to check: %s", self.display_name
                    ),
                    "note": message,
                    "date_deadline": fields.Date.context_today(self),
                }
            ]
        )
