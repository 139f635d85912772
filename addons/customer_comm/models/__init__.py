from . import (
    customer_approval_mixin,
    customer_calendar_day,
    customer_credit_level,
    customer_credit_request,
    customer_region,
    customer_role,
    customer_tier,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    tier_definition,
)
