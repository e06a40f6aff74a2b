"""A subsidy batch's payment list for finance (拨付清单): one A4 table of the cases with the premium
and the subsidy, a totals row, and lines for who prepared, checked and approved it.

Takes plain data (``kjdesk.services.subsidy_batches.PaymentList``), not a session.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import Spacer, Table, TableStyle

from kjdesk.domain.money import fen_to_wan
from kjdesk.i18n import N_, current_language, translate
from kjdesk.reports import pdfdoc
from kjdesk.reports.pdfdoc import FRAME_WIDTH, MUTED, SHADE, BoldTitle, para

PAYMENT_COLUMNS = (
    ("no", N_("No.")),
    ("enterprise", N_("Enterprise")),
    ("credit_code", N_("Credit code")),
    ("policy", N_("Policy or loan")),
    ("premium_wan", N_("Premium (10k CNY)")),
    ("subsidy_wan", N_("Subsidy (10k CNY)")),
)


def payment_records(listed, lang: str | None = None) -> tuple[list[dict], dict]:
    """(one record per case, the totals record) in PAYMENT_COLUMNS' keys."""
    records = [{"no": i, "enterprise": r.enterprise, "credit_code": r.credit_code, "policy": r.policy,
                "premium_wan": fen_to_wan(r.premium_fen), "subsidy_wan": fen_to_wan(r.subsidy_fen)}
               for i, r in enumerate(listed.rows, start=1)]
    total = {"no": "", "enterprise": translate(N_("Total ({n} cases)"), lang).format(n=len(listed.rows)),
             "credit_code": "", "policy": "", "premium_wan": fen_to_wan(listed.premium_fen),
             "subsidy_wan": fen_to_wan(listed.subsidy_fen)}
    return records, total


def payment_title(listed, program_name: str, lang: str | None = None) -> str:
    if listed.number is not None:
        return translate(N_("Subsidy payment list: {program}, batch no. {number}"), lang).format(
            program=program_name, number=listed.number)
    return translate(N_("Subsidy payment list: {program}, batch {batch}"), lang).format(
        program=program_name, batch=listed.batch)


def write_payment_pdf(listed, program_name: str, path, lang: str | None = None) -> Path:
    lang = lang or current_language()
    records, total = payment_records(listed, lang)
    widths = [0.06, 0.30, 0.20, 0.18, 0.13, 0.13]
    rows = [[para(translate(label, lang), 8.5, align="center") for _key, label in PAYMENT_COLUMNS]]
    for record in records + [total]:
        rows.append([para(f"{record[key]:,f}" if key.endswith("_wan") else record[key], 8.5,
                          align="right" if key.endswith("_wan") or key == "no" else "left")
                     for key, _label in PAYMENT_COLUMNS])
    rows[-1][0] = para(total["enterprise"], 8.5)  # the label spans the first four columns
    table = Table(rows, colWidths=[FRAME_WIDTH * w for w in widths], repeatRows=1)
    commands = pdfdoc.grid_style(1) + [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SHADE),
                                       ("SPAN", (0, len(rows) - 1), (3, len(rows) - 1))]
    table.setStyle(TableStyle(commands))
    title = payment_title(listed, program_name, lang)
    printed = translate(N_("Printed by kjdesk on {date}"), lang).format(date=pdfdoc.format_day(dt.date.today(), lang))
    story = [BoldTitle(title, 14), Spacer(1, 8), table, Spacer(1, 18), pdfdoc.payment_signatures(lang), Spacer(1, 8),
             para(printed, 7.5, color=MUTED)]
    pdfdoc.build(Path(path), story, title=title, lang=lang)
    return Path(path)
