import { registry } from "@web/core/registry";

// CC-11 / X-3: a salesperson asks for a higher credit limit through the web client...
registry.category("web_tour.tours").add("customer_comm_credit_request_tour", {
    steps: () => [
        {
            content: "New credit request",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 上海建材",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(上海建材有限公司)",
            run: "click",
        },
        {
            content: "New credit limit",
            trigger: ".o_field_widget[name=new_credit_limit] input",
            run: "edit 150000",
        },
        {
            content: "Reason",
            trigger: ".o_field_widget[name=reason] textarea",
            run: "edit 旺季备货",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Ask for the approval",
            trigger: "button[name=request_validation]",
            run: "click",
        },
        {
            content: "The request now waits for its approver",
            trigger: ".alert-warning [name=to_validate_message]",
        },
    ],
});

// ... and the branch sales manager approves it.
registry.category("web_tour.tours").add("customer_comm_credit_approve_tour", {
    steps: () => [
        {
            content: "Approve",
            trigger: "button[name=validate_tier]",
            run: "click",
        },
        {
            content: "The request is approved and applied",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=approved]",
        },
    ],
});
