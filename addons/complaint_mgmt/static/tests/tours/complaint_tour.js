import { registry } from "@web/core/registry";

// CM-1 … CM-13 / Q-7: the customer service manager, in Chinese, registers a complaint, accepts it, files the
// investigation report with a discount, approves it (his authority), issues the credit note against the
// customer's invoice, replies to the customer and closes the complaint.
registry.category("web_tour.tours").add("complaint_mgmt_complaint_tour", {
    steps: () => [
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
            content: "Register the complaint",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Accept it: the clock starts",
            trigger: "button[name=action_accept]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=accepted]",
        },
        {
            content: "Investigation report",
            trigger: ".o_notebook_headers a[name=investigation]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=responsible_unit] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(我方质量问题)",
            run: "click",
        },
        {
            // the choice is in the record before the next field is touched
            trigger: ".o_field_widget[name=responsible_unit] input:value(我方质量问题)",
        },
        {
            trigger: ".o_field_widget[name=handling_type] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(折让)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=handling_type] input:value(折让)",
        },
        {
            trigger: ".o_field_widget[name=proposed_amount] input",
            run: "edit 1000",
        },
        {
            content: "Save the report before it is submitted",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            trigger: ".o_field_widget[name=responsible_unit] input:value(我方质量问题)",
        },
        {
            content: "Submit the report: the discount goes to approval",
            trigger: "button[name=action_submit_report]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=investigated]",
        },
        {
            content: "Approve the discount",
            trigger: "button[name=validate_tier]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=approved]",
        },
        {
            content: "Resolution",
            trigger: ".o_notebook_headers a[name=resolution]",
            run: "click",
        },
        {
            content: "The customer's invoice",
            trigger: ".o_field_widget[name=invoice_id] input",
            run: "edit INV",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(INV)",
            run: "click",
        },
        {
            content: "Issue the credit note",
            trigger: "button[name=action_create_credit_note]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=credit_note_ids] .o_tag",
        },
        {
            content: "Write the reply",
            trigger: ".o_field_html[name=reply] .odoo-editor-editable div.o-paragraph",
            run: "editor 已同意折让 1000 元，贷项通知单已开具。",
        },
        {
            content: "Reply to the customer (oral, logged)",
            trigger: "button[name=action_send_reply]",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_send_reply]))",
        },
        {
            content: "Close the complaint",
            trigger: "button[name=action_close]",
            run: "click",
        },
        {
            content: "The complaint is closed",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=done]",
        },
    ],
});
