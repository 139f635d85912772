"""The to-dos the visit jobs give (late plans, late reports, promises due): built in the assignee's language."""


def schedule_todos(company, todos):
    """Create one to-do per ``(record, user, texts, deadline)`` of ``todos``, in one batch.

    ``texts(env)`` returns the to-do's values that are words (``summary``, ``note``), written with
    ``env`` in the assignee's language (else the company's): a job runs without a language.

    :return: the ``mail.activity`` records, in the order of ``todos``
    """
    todos = list(todos)
    if not todos:
        return company.env["mail.activity"]
    env = company.env
    activity_type = env.ref("mail.mail_activity_data_todo")
    vals_list = []
    for record, user, texts, deadline in todos:
        user_env = record.with_context(lang=user.lang or company._cc_lang()).env
        vals_list.append(
            {
                "res_model_id": env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "user_id": user.id,
                "date_deadline": deadline,
                **texts(user_env),
            }
        )
    return env["customer.batch.job"]._schedule_activities(vals_list)
