{
    "name": "Customer Complaints",
    "summary": "Complaint handling with deadlines, approvals, credit notes and returns",
    "version": "19.0.1.0.0",
    "category": "Sales/Customer Management",
    "author": "Customer Management Suite Team",
    "website": "https://example.com/cmsuite",
    "license": "LGPL-3",
    "depends": [
        "customer_comm",
        "stock",
    ],
    "data": [
        "security/complaint_mgmt_security.xml",
        "security/ir.model.access.csv",
        "views/complaint_mgmt_menus.xml",
    ],
    "demo": [
        "demo/complaint_mgmt_demo.xml",
    ],
    "application": True,
    "installable": True,
}
