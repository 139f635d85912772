import { registry } from "@web/core/registry";

// DR-11: the dealer's salesperson records a violation seen on the market.
registry.category("web_tour.tours").add("dealer_rebate_violation_tour", {
    steps: () => [
        {
            content: "New violation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The dealer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 宁波巡检",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(宁波巡检饲料经销部)",
            run: "click",
        },
        {
            content: "What was seen",
            trigger: ".o_field_widget[name=conduct_type_id] input",
            run: "edit 越界",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(越界发货)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit 在绍兴发现该经销商的货",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, with the conduct's deduction",
            trigger: ".o_form_saved .o_field_widget[name=coefficient]:contains(0.2)",
        },
    ],
});

// DR-13: the rebate manager computes the quarter and submits the dealer's completion bonus.
registry.category("web_tour.tours").add("dealer_rebate_compute_tour", {
    steps: () => [
        {
            content: "Settle the completion and exclusive bonuses",
            trigger: ".modal .o_field_widget[name=settlement_kind] input[data-value=completion]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_compute]",
            run: "click",
        },
        {
            content: "Dealers without targets are listed; open the settlements",
            trigger: ".modal button[name=action_open_settlements]",
            run: "click",
        },
        {
            content: "The dealer's completion bonus",
            trigger: ".o_data_row:contains(宁波巡检饲料经销部):contains(完成任务奖) .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            content: "It waits for the market department manager",
            trigger: ".alert-warning [name=to_validate_message]:contains(孙丽娟)",
        },
    ],
});

// each approver approves from the banner.
registry.category("web_tour.tours").add("dealer_rebate_approve_tour", {
    steps: () => [
        {
            trigger: ".alert-warning button[name=validate_tier]:contains(批准)",
            run: "click",
        },
        {
            content: "Nothing left to approve for this user",
            trigger: ".o_form_view:not(:has(button[name=validate_tier]))",
        },
    ],
});

// DR-16: finance posts the approved settlement and opens its journal entry.
registry.category("web_tour.tours").add("dealer_rebate_post_tour", {
    steps: () => [
        {
            trigger: "button[name=action_post]",
            run: "click",
        },
        {
            content: "Posted",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=posted]",
        },
        {
            trigger: "button[name=action_open_move]",
            run: "click",
        },
        {
            content: "The entry in the rebate journal",
            trigger: ".o_field_widget[name=journal_id]:contains(经销商返利)",
        },
        {
            content: "Finance reads its journal items",
            trigger: ".o_notebook .nav-link[name=aml_tab]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_list_number",
        },
    ],
});

registry.category("web_tour.tours").add("dealer_rebate_entries_tour", {
    steps: () => [
        {
            content: "The rebate app lists the entries of the rebate journal",
            trigger: ".o_breadcrumb:contains(返利凭证)",
        },
        {
            trigger: ".o_data_row td[name=journal_id]:contains(经销商返利)",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link[name=aml_tab]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row",
        },
    ],
});
