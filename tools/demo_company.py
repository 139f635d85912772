# Run by `tools/suite.py run` through `odoo shell` once the demo database has the
# suite installed. l10n_cn's demo data brings a Chinese company in CNY with the
# Chinese chart of accounts (base.demo_company_cn); it becomes the company the
# demo users work in, with the suite's demo configuration and documents.
# ruff: noqa: F821 (env is given by odoo shell)
from odoo.exceptions import UserError

SUITE = ("customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt")

company = env.ref("base.demo_company_cn")
main_company = env.ref("base.main_company")
company.write(
    {
        "name": "华东陶瓷实业有限公司",
        # CC-12: the over-credit approval applies where Odoo's credit limits are used
        "account_use_credit_limit": True,
        "cc_meeting_quality_user_ids": [(6, 0, main_company.cc_meeting_quality_user_ids.ids)],
        "cc_meeting_management_user_ids": [(6, 0, main_company.cc_meeting_management_user_ids.ids)],
    }
)

suite_data = env["ir.model.data"].search([("module", "in", SUITE)])
users = env.ref("base.user_admin") | env.ref("base.user_demo")
users |= env["res.users"].browse(suite_data.filtered(lambda data: data.model == "res.users").mapped("res_id"))
users.write({"company_ids": [(4, company.id)], "company_id": company.id, "lang": "zh_CN", "tz": "Asia/Shanghai"})

# the suite's demo records move to the Chinese company, configuration (regions, levels) first: a
# record pointing at records still in the other company is retried after the others; documents
# under approval accept the move (skip_validation_check), approved or sent ones refuse it and stay
pending = []
for model_name in sorted(set(suite_data.mapped("model"))):
    field = env[model_name]._fields.get("company_id")
    if field and field.store and not field.related:
        ids = suite_data.filtered(lambda data, m=model_name: data.model == m).mapped("res_id")
        pending += list(env[model_name].with_context(skip_validation_check=True).browse(ids))
while pending:
    refused = []
    for record in pending:
        try:
            with env.cr.savepoint():
                record.write({"company_id": company.id})
        except UserError:
            refused.append(record)
    if len(refused) == len(pending):
        print("kept in", main_company.name, ":", ", ".join(record.display_name for record in refused))
        break
    pending = refused

# the approvers of the moved documents are the role holders of the Chinese company
env["tier.review"]._cc_refresh_undecided_reviewers()

# credit limits are per company: the Chinese company's customers get the demo limits
partners = env["res.partner"].browse(suite_data.filtered(lambda data: data.model == "res.partner").mapped("res_id"))
for partner in partners.filtered("credit_limit"):
    partner.with_company(company).credit_limit = partner.with_company(main_company).credit_limit
env.cr.commit()  # odoo shell does not commit by itself
