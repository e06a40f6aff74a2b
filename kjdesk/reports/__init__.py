"""Printing and workbooks: ReportLab PDFs and openpyxl workbooks written from plain data (never a
session), so the CLI, the client and the benchmarks render the same computation."""
