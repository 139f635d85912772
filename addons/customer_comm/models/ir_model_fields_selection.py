"""What customer_comm adds to ir.model.fields.selection."""

from odoo import models
from odoo.tools import SQL


class IrModelFieldsSelection(models.Model):
    _inherit = "ir.model.fields.selection"

    def _reflect_selections(self, model_names):
        """X-3: every approvable document shows its approval status in the user's language.

        The engine's ``validation_status`` gets one set of selection rows per model, each
        translated by its own xml id, so the documents of the addons built on this suite would
        show "Pending" / "Validated" in English. Their rows take the translations of the engine's
        own rows (``tier.validation``, translated in ``i18n_extra``) wherever the English label is
        the same and they have none of their own.
        """
        result = super()._reflect_selections(model_names)
        engine = self.pool.get("tier.validation")
        approvable = [
            name
            for name in model_names
            if name != "tier.validation" and engine is not None and issubclass(self.pool[name], engine)
        ]
        if approvable:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE ir_model_fields_selection target
                       SET name = (source.name - 'en_US') || target.name
                      FROM ir_model_fields_selection source
                      JOIN ir_model_fields source_field ON source_field.id = source.field_id
                      JOIN ir_model_fields target_field
                        ON target_field.name = source_field.name AND target_field.model IN %(models)s
                     WHERE source_field.model = 'tier.validation'
                       AND source_field.name = 'validation_status'
                       AND target.field_id = target_field.id
                       AND target.value = source.value
                       AND target.name ->> 'en_US' = source.name ->> 'en_US'
                       AND (source.name - 'en_US') - ARRAY(SELECT jsonb_object_keys(target.name)) != '{}'::jsonb
                    """,
                    models=tuple(approvable),
                )
            )
            self.env.registry.clear_cache()
        return result
