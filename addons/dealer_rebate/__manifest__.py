{
    "name": "Dealer Rebates",
    "summary": "Dealer targets, conduct scoring, rebate settlements and their journal entries",
    "version": "19.0.1.0.0",
    "category": "Sales/Customer Management",
    "author": "Customer Management Suite Team",
    "website": "https://example.com/cmsuite",
    "license": "LGPL-3",
    "depends": [
        "customer_comm",
    ],
    "data": [
        "security/dealer_rebate_security.xml",
        "security/ir.model.access.csv",
        "views/dealer_rebate_menus.xml",
    ],
    "demo": [
        "demo/dealer_rebate_demo.xml",
    ],
    "application": True,
    "installable": True,
}
