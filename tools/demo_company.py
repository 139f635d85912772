# Run by `tools/suite.py run` through `odoo shell`, twice, on the demo database.
#
# "before": run once Odoo's modules the suite needs are installed with their demo data (in the main
# company: Odoo's sale orders, invoices and stock stay there) and before the suite is. It creates the
# Chinese company of the demo, a feed manufacturer, with the Chinese chart of accounts, its journals
# and CNY but none of Odoo's demo documents, and makes it the company the installer works in
# (OdooBot's): the suite's demo data (users, customers, documents under approval, the dealer quarter
# walked through the real flow and posted) is created in it from the start.
# "after": run once the suite is installed: the company's own settings.
# ruff: noqa: F821 (env, STEP and ROOT are given by odoo shell / suite.py)
import base64
from pathlib import Path

main_company = env.ref("base.main_company")

if STEP == "before":
    env.ref("base.CNY").active = True
    company = env["res.company"].create(
        {"name": "浙江金穗饲料有限公司", "country_id": env.ref("base.cn").id, "currency_id": env.ref("base.CNY").id}
    )
    # written after the creation: a company created with a website is looked up on Odoo's partner
    # autocompletion service, out of reach here
    company.write(
        {
            # the letterhead of its documents
            "street": "余杭区仁和街道仁河大道 88 号",
            "street2": "金穗饲料产业园",
            "city": "杭州市",
            "state_id": env.ref("base.state_cn_ZJ").id,
            "zip": "311107",
            "phone": "0571-8617 5288",
            "email": "service@jinsui-feed.example.com",
            "website": "www.jinsui-feed.example.com",
            "logo": base64.b64encode(Path(ROOT, "tools", "demo_logo.png").read_bytes()),
            "external_report_layout_id": env.ref("web.external_layout_standard").id,
        }
    )
    # the Chinese chart, journals and taxes, without Odoo's accounting demo (invoices to its US partners)
    env["account.chart.template"].try_loading("cn", company, install_demo=False)
    # Odoo gives a warehouse to the first company only: the mill's finished-feed warehouse
    env["stock.warehouse"].create({"company_id": company.id, "name": "余杭成品库", "code": "YH"})
    company.partner_id.write(
        {
            "lang": "zh_CN",  # the texts the suite stores for the company (rebate formulas)
            "partner_latitude": 30.4294,  # where the visit routes start by default
            "partner_longitude": 120.1186,
        }
    )
    installers = env.ref("base.user_root") | env.ref("base.user_admin") | env.ref("base.user_demo")
    installers.write({"company_ids": [(4, company.id)], "company_id": company.id})
    (env.ref("base.user_admin") | env.ref("base.user_demo")).write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
else:
    company = env.ref("base.user_root").company_id  # the Chinese company made "before"
    company.write(
        {
            # CC-12: the over-credit approval applies where Odoo's credit limits are used
            "account_use_credit_limit": True,
            # CC-24: the demo data names the minutes' recipients on the main company
            "cc_meeting_quality_user_ids": [(6, 0, main_company.cc_meeting_quality_user_ids.ids)],
            "cc_meeting_management_user_ids": [(6, 0, main_company.cc_meeting_management_user_ids.ids)],
        }
    )
    # the offices the salespeople start their visit routes from belong to this company
    offices = env.ref("client_visit.partner_demo_route_start_hangzhou") | env.ref(
        "client_visit.partner_demo_route_start_shanghai"
    )
    offices.parent_id = company.partner_id
    # the suite's demo users were created in this company already; they keep it as their default
    suite = ("customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt")
    user_data = env["ir.model.data"].search([("module", "in", suite), ("model", "=", "res.users")])
    env["res.users"].browse(user_data.mapped("res_id")).write(
        {"company_ids": [(4, company.id)], "company_id": company.id}
    )
env.cr.commit()  # odoo shell does not commit by itself
