{
    "name": "Customer Communication",
    "summary": "Customer tiers, regions, roles, credit control, early warnings, communication and care",
    "version": "19.0.1.0.0",
    "category": "Sales/Customer Management",
    "author": "Customer Management Suite Team",
    "website": "https://example.com/cmsuite",
    "license": "LGPL-3",
    "depends": [
        "contacts",
        "mail",
        "sale_management",
        "account",
        "base_tier_validation",
    ],
    "data": [
        "security/customer_comm_security.xml",
        "security/ir.model.access.csv",
        "views/customer_comm_menus.xml",
    ],
    "application": True,
    "installable": True,
}
