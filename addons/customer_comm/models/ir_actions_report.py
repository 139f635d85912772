"""Printing the suite's documents with the wkhtmltopdf that ``make setup`` installs (Debian's 0.12.6).

That build has no patched Qt: it converts one HTML document per call and ignores the header and footer
HTML that Odoo's layouts put the letterhead and the page numbers in. For the suite's reports on such a
build, each document is rendered alone (one call each) and Odoo merges the PDFs as it merges stored
attachments; the letterhead goes at the top of the body (``customer_comm.document_layout``) and the page
numbers with the company's name are stamped at the foot of every page. With a patched build, Odoo's own
path (one call, its header and footer) is left as it is.
"""

import io

from odoo import api, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, merge_pdf

from odoo.addons.base.models.ir_actions_report import _wkhtml

SUITE_MODULES = frozenset({"customer_comm", "client_visit", "dealer_rebate", "complaint_mgmt"})
# mm: the paper's margins when the letterhead is in the body and the page numbers are stamped
MARGINS_WITHOUT_HEADER = {
    "data-report-margin-top": 12,
    "data-report-margin-bottom": 16,
    "data-report-header-spacing": 0,
}
# a CJK font every PDF reader knows (Adobe-GB1): the stamped line needs no font embedded
STAMP_FONT = "STSong-Light"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _cc_prints_alone(self):
        """Whether this report's documents are rendered one call each: a suite report on an unpatched build."""
        self.ensure_one()
        return self.report_name.split(".")[0] in SUITE_MODULES and not _wkhtml().is_patched_qt

    def _cc_print_groups(self, res_ids):
        """Hook: the records printed as one document, in order (one record each by default)."""
        return [[res_id] for res_id in dict.fromkeys(res_ids)]

    def _get_rendering_context(self, report, docids, data):
        data = super()._get_rendering_context(report, docids, data)
        data["cc_letterhead_in_body"] = data.get("report_type") == "pdf" and report._cc_prints_alone()
        return data

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        if not res_ids or not report._cc_prints_alone():
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        records = self.env[report.model].browse(res_ids)
        streams = {}
        for group in report._cc_print_groups(res_ids):
            rendered = super()._render_qweb_pdf_prepare_streams(report_ref, dict(data or {}), res_ids=group)
            parts = [part["stream"] for part in rendered.values() if part.get("stream")]
            document = parts[0] if len(parts) == 1 else io.BytesIO(merge_pdf([part.getvalue() for part in parts]))
            company = self._cc_record_company(records.browse(group[0]))
            streams[group[0]] = {
                "stream": self._cc_stamp_pages(document, company),
                "attachment": rendered.get(group[0], {}).get("attachment"),
            }
            streams.update({res_id: {"stream": None, "attachment": None} for res_id in group[1:]})
        return streams

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        if report_ref and self._get_report(report_ref)._cc_prints_alone():
            # no header to leave room for: the letterhead is in the body, the page numbers are stamped
            kwargs["specific_paperformat_args"] = {
                **(kwargs.get("specific_paperformat_args") or {}),
                **MARGINS_WITHOUT_HEADER,
            }
        return super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)

    @api.model
    def _cc_record_company(self, record):
        company = "company_id" in record._fields and record.company_id
        return company or self.env.company

    @api.model
    def _cc_stamp_pages(self, stream, company):
        """The company's name and phone and "page n of N" at the foot of every page of one document."""
        from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415  (as Odoo's own PDF tools import it)
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
        from reportlab.pdfgen import canvas  # noqa: PLC0415

        if STAMP_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(STAMP_FONT))
        reader = PdfFileReader(stream, strict=False)
        total = len(reader.pages)
        overlay = io.BytesIO()
        sheet = canvas.Canvas(overlay)
        company_line = "  ".join(filter(None, [company.name, company.phone]))
        for number in range(total):
            page = reader.pages[number]
            width, height = float(abs(page.mediabox.width)), float(abs(page.mediabox.height))
            sheet.setPageSize((width, height))
            sheet.setFont(STAMP_FONT, 8)
            sheet.setFillGray(0.35)
            sheet.drawString(36, 22, company_line)
            sheet.drawRightString(width - 36, 22, self._cc_page_label(company, number + 1, total))
            sheet.showPage()
        sheet.save()
        stamps = PdfFileReader(overlay, strict=False)
        writer = PdfFileWriter()
        for number in range(total):
            page = reader.pages[number]
            page.merge_page(stamps.pages[number])
            writer.add_page(page)
        stamped = io.BytesIO()
        writer.write(stamped)
        return stamped

    @api.model
    def _cc_page_label(self, company, number, total):
        # in the company's language, as the rest of its letterhead
        env = self.with_context(lang=company._cc_lang()).env
        return env._("Page %(number)s of %(total)s", number=number, total=total)
