"""The exchange workbook (docs/exchange.md): import, export, template.

``import_workbook`` is all-or-nothing in one transaction and lists every problem it finds;
``export_workbook`` writes the whole database in a fixed order, so export → import → export
gives the same workbook; ``write_template`` writes the blank workbook with its instructions.
"""
from kjdesk.services.exchange.importer import ImportCancelled, ImportRefused, ImportSummary, import_workbook
from kjdesk.services.exchange.reader import Problem, WorkbookUnreadable
from kjdesk.services.exchange.template import write_template
from kjdesk.services.exchange.writer import export_workbook

__all__ = ["import_workbook", "export_workbook", "write_template", "ImportRefused", "ImportCancelled",
           "ImportSummary", "Problem", "WorkbookUnreadable"]
