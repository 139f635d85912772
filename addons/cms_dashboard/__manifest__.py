{
    "name": "Customer Management Dashboards",
    "summary": "Credit, visit, complaint and rebate dashboards in Odoo's Dashboards app",
    "version": "19.0.1.0.0",
    "category": "Productivity/Dashboard",
    "author": "Customer Management Suite Team",
    "website": "https://example.com/cmsuite",
    "license": "LGPL-3",
    "depends": [
        "spreadsheet_dashboard",
        "customer_comm",
        "client_visit",
        "dealer_rebate",
        "complaint_mgmt",
    ],
    "data": [
        "data/dashboards.xml",
    ],
    # installed with the four addons, as Odoo's spreadsheet_dashboard_sale is with sale
    "auto_install": ["customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt"],
    "installable": True,
}
