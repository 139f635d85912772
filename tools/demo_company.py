# Run by `tools/suite.py run` through `odoo shell`, twice, on the demo database.
# l10n_cn's demo data brings a Chinese company in CNY with the Chinese chart of
# accounts (base.demo_company_cn); it becomes the company the demo users work in.
#
# "before": run once l10n_cn is installed and before the suite is. The company
# the installer works in (OdooBot's) becomes the Chinese one, so the suite's demo
# data (users, customers, documents under approval, the dealer quarter walked
# through the real flow and posted) is created in the Chinese company from the
# start, with its chart, journals and CNY; nothing has to be moved afterwards.
# "after": run once the suite is installed: the company's own settings.
# ruff: noqa: F821 (env, STEP and ROOT are given by odoo shell / suite.py)
import base64
from pathlib import Path

company = env.ref("base.demo_company_cn")
main_company = env.ref("base.main_company")

if STEP == "before":
    company.name = "华东陶瓷实业有限公司"
    # the letterhead of its documents: l10n_cn's demo address is a Guangzhou street in Macau
    company.write(
        {
            "street": "滨江区江南大道 3888 号",
            "street2": "华东陶瓷大厦",
            "city": "杭州市",
            "state_id": env.ref("base.state_cn_ZJ").id,
            "zip": "310051",
            "country_id": env.ref("base.cn").id,
            "phone": "0571-8866 1234",
            "email": "service@huadong-ceramics.example.com",
            "website": "www.huadong-ceramics.example.com",
            "logo": base64.b64encode(Path(ROOT, "tools", "demo_logo.png").read_bytes()),
            "external_report_layout_id": env.ref("web.external_layout_standard").id,
        }
    )
    company.partner_id.lang = "zh_CN"  # the texts the suite stores for the company (rebate formulas)
    installers = env.ref("base.user_root") | env.ref("base.user_admin") | env.ref("base.user_demo")
    installers.write({"company_ids": [(4, company.id)], "company_id": company.id})
    (env.ref("base.user_admin") | env.ref("base.user_demo")).write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
else:
    company.write(
        {
            # CC-12: the over-credit approval applies where Odoo's credit limits are used
            "account_use_credit_limit": True,
            # CC-24: the demo data names the minutes' recipients on the main company
            "cc_meeting_quality_user_ids": [(6, 0, main_company.cc_meeting_quality_user_ids.ids)],
            "cc_meeting_management_user_ids": [(6, 0, main_company.cc_meeting_management_user_ids.ids)],
        }
    )
    # the suite's demo users were created in this company already; they keep it as their default
    suite = ("customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt")
    user_data = env["ir.model.data"].search([("module", "in", suite), ("model", "=", "res.users")])
    env["res.users"].browse(user_data.mapped("res_id")).write(
        {"company_ids": [(4, company.id)], "company_id": company.id}
    )
env.cr.commit()  # odoo shell does not commit by itself
