# Run by `tools/suite.py run` through `odoo shell` on a new demo database, before
# the accounting modules are installed, so that `account` picks the Chinese chart
# (l10n_cn) and CNY for the main company.
company = env.ref("base.main_company")  # noqa: F821 (env is given by odoo shell)
env.ref("base.CNY").active = True  # noqa: F821
company.write(
    {
        "name": "华东陶瓷实业有限公司",
        "country_id": env.ref("base.cn").id,  # noqa: F821
        "currency_id": env.ref("base.CNY").id,  # noqa: F821
        "city": "上海",
    }
)
for xmlid in ("base.user_admin", "base.user_demo"):
    user = env.ref(xmlid, raise_if_not_found=False)  # noqa: F821
    if user:
        user.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
env.cr.commit()  # noqa: F821 (odoo shell does not commit by itself)
