import { registry } from "@web/core/registry";

/** Steps of a salesperson filling a new credit request from the list, then asking for its approval. */
function newCreditRequestSteps({ search, customer, limit, reason }) {
    return [
        {
            content: "New credit request",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: `edit ${search}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item .dropdown-item:contains(${customer})`,
            run: "click",
        },
        {
            content: "New credit limit",
            trigger: ".o_field_widget[name=new_credit_limit] input",
            run: `edit ${limit}`,
        },
        {
            content: "Reason",
            trigger: ".o_field_widget[name=reason] textarea",
            run: `edit ${reason}`,
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
    ];
}

// CC-11 / X-3: a salesperson asks for a higher credit limit through the web client...
registry.category("web_tour.tours").add("customer_comm_credit_request_tour", {
    steps: () => [
        ...newCreditRequestSteps({ search: "上海建材", customer: "上海建材有限公司", limit: 150000, reason: "旺季备货" }),
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

// X-1 / X-3 / CC-11 on the demo data, in Chinese: the demo salesperson asks for a higher limit...
registry.category("web_tour.tours").add("customer_comm_demo_credit_request_tour", {
    steps: () => [
        ...newCreditRequestSteps({
            search: "苏州金陵",
            customer: "苏州金陵水产养殖有限公司",
            limit: 300000,
            reason: "新开工程项目，需要账期",
        }),
        {
            content: "The request now waits for the branch sales manager",
            trigger: ".alert-warning [name=to_validate_message]:contains(等待 王强 审批)",
        },
    ],
});

// ... each approver in turn approves it from the banner ...
registry.category("web_tour.tours").add("customer_comm_demo_approve_tour", {
    steps: () => [
        {
            content: "Approve",
            trigger: ".alert-warning button[name=validate_tier]:contains(批准)",
            run: "click",
        },
        {
            content: "The approver has nothing left to approve on this document",
            trigger: ".o_form_view:not(:has(button[name=validate_tier]))",
        },
    ],
});

// ... and the new limit is on the customer (Invoicing tab, read by finance).
registry.category("web_tour.tours").add("customer_comm_demo_credit_limit_tour", {
    steps: () => [
        {
            content: "Open the customer's invoicing tab",
            trigger: ".o_notebook .nav-link[name=accounting]",
            run: "click",
        },
        {
            content: "The approved limit is the customer's credit limit",
            trigger: ".o_field_widget[name=credit_limit]:contains(300,000)",
        },
    ],
});

// CC-12: a salesperson confirming an over-credit order is refused, in Chinese.
registry.category("web_tour.tours").add("customer_comm_demo_over_credit_refusal_tour", {
    steps: () => [
        {
            content: "Confirm the quotation",
            trigger: "button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The refusal is in Chinese",
            trigger: ".modal .modal-body:contains(需要先经审批)",
        },
    ],
});
