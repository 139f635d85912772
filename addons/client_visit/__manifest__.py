{
    "name": "Customer Visits",
    "summary": "Annual and monthly customer visit plans, visit reports, promises and routes",
    "version": "19.0.1.0.0",
    "category": "Sales/Customer Management",
    "author": "Customer Management Suite Team",
    "website": "https://example.com/cmsuite",
    "license": "LGPL-3",
    "depends": [
        "customer_comm",
    ],
    "data": [
        "security/client_visit_security.xml",
        "security/ir.model.access.csv",
        "views/client_visit_menus.xml",
    ],
    "demo": [
        "demo/client_visit_demo.xml",
    ],
    "application": True,
    "installable": True,
}
