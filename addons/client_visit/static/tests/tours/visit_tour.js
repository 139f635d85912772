import { registry } from "@web/core/registry";

// CV-4 / Q-7: the salesperson submits the generated monthly plan...
registry.category("web_tour.tours").add("client_visit_plan_submit_tour", {
    steps: () => [
        {
            content: "The plan holds its generated lines",
            trigger: ".o_field_widget[name=line_ids] .o_data_row",
        },
        {
            content: "Submit the plan to the supervisor",
            trigger: "button[name=request_validation]",
            run: "click",
        },
        {
            content: "The plan is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=submitted]",
        },
    ],
});

// ... the supervisor rejects it with a reason ...
registry.category("web_tour.tours").add("client_visit_plan_reject_tour", {
    steps: () => [
        {
            content: "Reject",
            trigger: "button[name=reject_tier]",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=comment] input",
            run: "edit 一级客户拜访安排过于集中",
        },
        {
            trigger: ".modal button[name=add_comment]",
            run: "click",
        },
        {
            content: "The plan goes back to the salesperson",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=rejected]",
        },
    ],
});

// CV-7 / CV-8: the salesperson records a visit and marks it done.
registry.category("web_tour.tours").add("client_visit_visit_done_tour", {
    steps: () => [
        {
            content: "New visit",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 1级客户",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(1级客户)",
            run: "click",
        },
        {
            content: "Write the outcome",
            trigger: ".o_field_widget[name=outcome] textarea",
            run: "edit 客户确认下月进货计划",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Mark the visit done",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=done]",
        },
    ],
});

// The salesperson's day on the phone: check in near the first customer, far from the second.
registry.category("web_tour.tours").add("client_visit_today_checkin_tour", {
    steps: () => [
        {
            content: "Check in at the first customer of the route",
            trigger: ".o_kanban_record:contains(1级客户) button[data-action=checkin]",
            run: "click",
        },
        {
            content: "Within the radius: the check-out button replaces it, no flag",
            trigger: ".o_kanban_record:contains(1级客户) button[data-action=checkout]",
        },
        {
            trigger: ".o_kanban_record:contains(1级客户):not(:has(.o_cv_flagged))",
        },
        {
            content: "Check in at the second customer, far from here",
            trigger: ".o_kanban_record:contains(2级客户) button[data-action=checkin]",
            run: "click",
        },
        {
            content: "Outside the radius: flagged to the supervisor",
            trigger: ".o_kanban_record:contains(2级客户) .o_cv_flagged",
        },
        {
            content: "The phone says the check-in is outside the 500 m radius",
            trigger: ".o_notification:contains(500)",
        },
    ],
});

// The position is refused: the check-in is recorded, flagged, and the phone says why.
registry.category("web_tour.tours").add("client_visit_today_denied_tour", {
    steps: () => [
        {
            content: "Check in with the location refused",
            trigger: ".o_kanban_record:contains(3级客户) button[data-action=checkin]",
            run: "click",
        },
        {
            content: "The message tells the location was refused",
            trigger: ".o_notification:contains(拒绝)",
        },
        {
            trigger: ".o_kanban_record:contains(3级客户) .o_cv_flagged",
        },
    ],
});
