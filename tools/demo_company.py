# Run by `tools/suite.py run` through `odoo shell` once the demo database has the
# suite installed. l10n_cn's demo data brings a Chinese company in CNY with the
# Chinese chart of accounts (base.demo_company_cn); it becomes the company the
# demo users work in, with the suite's demo configuration.
company = env.ref("base.demo_company_cn")  # noqa: F821 (env is given by odoo shell)
company.name = "华东陶瓷实业有限公司"
for xmlid in ("base.user_admin", "base.user_demo"):
    user = env.ref(xmlid)  # noqa: F821
    user.write({"company_ids": [(4, company.id)], "company_id": company.id, "lang": "zh_CN", "tz": "Asia/Shanghai"})
for model in ("customer.region", "customer.role.assignment", "customer.credit.level", "customer.credit.request"):
    env[model].search([]).write({"company_id": company.id})  # noqa: F821
env.cr.commit()  # noqa: F821 (odoo shell does not commit by itself)
