"""The suite's documents printed as a user prints them, on the wkhtmltopdf that ``make setup`` installs.

Three records of each report in one call give one PDF with every document; its text is extractable
(``pdftotext``: numbers, amounts, Latin letters) and each document starts with the company's letterhead.
An ``HttpCase``: wkhtmltopdf loads the report's styles (and fonts) from the test server, as in production.
"""

import io
import subprocess
import tempfile
import unicodedata

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

REPORTS = {
    "dealer_rebate.dealer_statement_report_action": "dealer.rebate.settlement",
    "client_visit.customer_visit_report_action": "customer.visit",
    "client_visit.customer_visit_day_sheet_action": "customer.visit",
    "complaint_mgmt.action_report_complaint_reply": "customer.complaint",
    "complaint_mgmt.action_report_complaint_form": "customer.complaint",
    "complaint_mgmt.action_report_complaint_monthly": "customer.complaint.monthly.wizard",
}


def pdf_text(pdf, first=None, last=None):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        text = subprocess.run(["pdftotext", *pages, fh.name, "-"], capture_output=True, text=True, check=True).stdout
    # a CJK font's glyph shared by an ideograph and its Kangxi radical (大 and ⼤) may be read back as the radical
    return unicodedata.normalize("NFKC", text)


@tagged("post_install", "-at_install")
class TestPrinting(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            list({r.split(".")[0] for r in REPORTS}), ["zh_CN"], overwrite=True
        )
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "华东陶瓷实业有限公司",
                "street": "滨江区江南大道 3888 号",
                "city": "杭州市",
                "zip": "310051",
                "phone": "0571-8866 1234",
                "external_report_layout_id": cls.env.ref("web.external_layout_standard").id,
            }
        )
        cls.company.partner_id.lang = "zh_CN"
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN"))  # the office prints in Chinese

    def _three(self, model):
        if model == "customer.complaint.monthly.wizard":
            return self.env[model].create([{"year": 2026, "month": str(month)} for month in (1, 2, 3)])
        if model == "dealer.rebate.settlement":
            by_dealer = {}
            for settlement in self.env[model].search([("company_id", "=", self.company.id)], order="id"):
                by_dealer.setdefault(settlement.partner_id, settlement)
            return self.env[model].browse([s.id for s in list(by_dealer.values())[:3]])
        return self.env[model].search([("company_id", "=", self.company.id)], limit=3, order="id")

    def _print(self, report, records):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual((kind, pdf[:4]), ("pdf", b"%PDF"), report)
        return pdf

    def test_q6_three_documents_of_each_report_in_one_pdf_with_letterhead_and_searchable_text(self):
        """Q-6: three records of every report of the suite in one call: one PDF of at least three pages; the
        company's name and address at the top of each document, its name and the page number on every page."""
        for report, model in REPORTS.items():
            records = self._three(model)
            with self.subTest(report=report):
                self.assertEqual(len(records), 3, f"the demo data has three {model} to print")
                pdf = self._print(report, records)
                pages = len(PdfFileReader(io.BytesIO(pdf), strict=False).pages)
                self.assertGreaterEqual(pages, 3)
                for number in range(1, pages + 1):
                    page = pdf_text(pdf, number, number)
                    self.assertIn("华东陶瓷实业有限公司", page, f"page {number}: the company's name")
                    self.assertRegex(page, r"第 \d+ 页,共 \d+ 页", f"page {number}: its number (，read as ,)")
                letterhead = pdf_text(pdf, 1, 1)[:300]
                for text in ("华东陶瓷实业有限公司", "滨江区江南大道 3888 号", "310051", "0571-8866 1234"):
                    self.assertIn(text, letterhead, "the letterhead at the top of the first document")

    def test_q6_statement_numbers_and_reply_letter_number_can_be_searched(self):
        """Q-6 / DR-17 / CM-13: the invoice numbers and amounts of a statement, the complaint number of a reply
        letter are in the PDF's text (Latin letters and digits are not drawn as shapes)."""
        settlements = self._three("dealer.rebate.settlement")
        text = pdf_text(self._print("dealer_rebate.dealer_statement_report_action", settlements))
        report = self.env["report.dealer_rebate.report_dealer_statement"]
        for statement in report._statements(settlements):
            for invoice in statement["invoices"]:
                self.assertIn(invoice.name, text)
            self.assertIn(f"{statement['total']:,.2f}", text)
        complaints = self._three("customer.complaint")
        text = pdf_text(self._print("complaint_mgmt.action_report_complaint_reply", complaints))
        for complaint in complaints:
            self.assertIn(complaint.name, text)
            self.assertIn("尊敬的", text)

    def test_q6_documents_show_what_the_rules_name(self):
        """CM-6 / CM-13 / CV-9: the handling form, the reply letter and the visit report carry their contents."""
        Report = self.env["ir.actions.report"]
        complaint = self._three("customer.complaint")[:1]
        complaint.write({"track_improvement": True, "sample_note": "样砖 2 片", "quality_note": "<p>釉面针孔</p>"})
        html = Report._render_qweb_html("complaint_mgmt.action_report_complaint_form", complaint.ids)[0].decode()
        for text in ("报告期限", "各部门意见", "釉面针孔", "列案追踪改善", "样砖 2 片", "批号", "经办人（签字及日期）"):
            self.assertIn(text, html)
        html = Report._render_qweb_html("complaint_mgmt.action_report_complaint_reply", complaint.ids)[0].decode()
        for text in ("尊敬的", "签字及公司盖章"):
            self.assertIn(text, html)
        visit = self._three("customer.visit")[:1]
        html = Report._render_qweb_html("client_visit.customer_visit_report_action", visit.ids)[0].decode()
        for text in ("审核人", "审核日期", "下次预约", "申请费用", "实际费用", "状态"):
            self.assertIn(text, html)

    def test_dr17_the_periods_statements_printed_at_once(self):
        """DR-17: the rebate manager prints the statements of every dealer settled for a period in one PDF."""
        settlement = self.env["dealer.rebate.settlement"].search([("state", "!=", "cancel")], limit=1)
        wizard = self.env["dealer.rebate.compute.wizard"].create(
            {
                "settlement_kind": "month" if settlement.period_type == "month" else "completion",
                "date": settlement.date_from,
            }
        )
        action = wizard.action_print_statements()
        self.assertEqual(action["type"], "ir.actions.report")
        printed = self.env["dealer.rebate.settlement"].browse(action["context"]["active_ids"])
        self.assertIn(settlement, printed)
        self.assertGreaterEqual(min(printed.mapped("date_from")), settlement.date_from, "the period's settlements only")
        self.assertLessEqual(max(printed.mapped("date_to")), settlement.date_to)
        dealers = len(printed.partner_id)
        pdf = self._print("dealer_rebate.dealer_statement_report_action", printed)
        self.assertGreaterEqual(len(PdfFileReader(io.BytesIO(pdf), strict=False).pages), dealers)
        self.assertEqual(pdf_text(pdf).count("返利对账单"), dealers, "one statement per dealer")
        wizard.date = "2001-01-15"
        with self.assertRaises(UserError):
            wizard.action_print_statements()
