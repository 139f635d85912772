import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { Component, useState } from "@odoo/owl";

/**
 * The position the browser gives, with the user's permission: ``{latitude, longitude}`` or
 * ``{error}`` (the GeolocationPositionError code, 0 when the browser has no geolocation).
 */
function currentPosition() {
    return new Promise((resolve) => {
        if (!navigator.geolocation) {
            resolve({ error: 0 });
            return;
        }
        navigator.geolocation.getCurrentPosition(
            (position) =>
                resolve({ latitude: position.coords.latitude, longitude: position.coords.longitude }),
            (error) => resolve({ error: error.code }),
            { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
    });
}

/** Check-in / check-out of a visit in the field (外勤签到): the position goes to the server, which measures. */
export class VisitCheckinButton extends Component {
    static template = "client_visit.VisitCheckinButton";
    static props = { ...standardWidgetProps, checkout: { type: Boolean, optional: true } };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ busy: false });
    }

    get label() {
        return this.props.checkout ? _t("Check Out") : _t("Check In");
    }

    async onClick() {
        const record = this.props.record;
        this.state.busy = true;
        try {
            // in the form, what the user typed is saved first (a new visit gets its id)
            if ((record.isNew || (await record.isDirty())) && !(await record.save())) {
                return;
            }
            const position = await currentPosition();
            const result = await this.orm.call(
                "customer.visit",
                this.props.checkout ? "action_check_out" : "action_check_in",
                [[record.resId]],
                {
                    latitude: position.latitude ?? null,
                    longitude: position.longitude ?? null,
                    position_error: position.error ?? null,
                }
            );
            this.notification.add(result.message, {
                type: result.flagged ? "warning" : "success",
                sticky: result.flagged,
            });
            await record.load();
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("view_widgets").add("cv_checkin_button", {
    component: VisitCheckinButton,
    extractProps: ({ attrs }) => ({ checkout: Boolean(attrs.checkout) }),
});
