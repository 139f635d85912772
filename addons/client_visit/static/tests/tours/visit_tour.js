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
