"""Checks the Excel report as a compliance officer uses it (issue 15), with openpyxl.

usage: check_xlsx.py REPORT.xlsx LINES
Exits non-zero, naming the failed check, when a sheet lacks a frozen header, filters or column
widths, when a filter covers more or less than one table (a blank or second header row inside
it, or the table going on below it), when counts, amounts or dates are stored as text (the
facts' dates too), or when the Lines sheet does not hold LINES lines.
"""
import datetime
import sys

import openpyxl
from openpyxl.utils import range_boundaries

path, lines = sys.argv[1], int(sys.argv[2])
wb = openpyxl.load_workbook(path)
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


for name in ["Summary", "Documents", "Waivers", "Waived findings", "Rejects", "Presumed", "Review", "Lines", "Figures", "Sources", "Inputs"]:
    check(name in wb.sheetnames, f"sheet {name} missing")
for ws in wb.worksheets:
    check(ws.freeze_panes is not None, f"{ws.title}: no frozen header")
    if ws.title not in ("Figures",):
        check(bool(ws.auto_filter.ref), f"{ws.title}: no filter")
    check(
        any((ws.column_dimensions[c].width or 0) > 9 for c in "ABCDE"),
        f"{ws.title}: no column widths",
    )

# A filter covers exactly one table: its header, then rows with data, and nothing right below.
def blank(v):
    return v is None or v == ""


def cell(ws, r, c):
    # Without creating it (ws.cell would, and grow the sheet).
    return ws._cells.get((r, c))


def value(ws, r, c):
    x = cell(ws, r, c)
    return None if x is None else x.value


for ws in wb.worksheets:
    ref = ws.auto_filter.ref
    if not ref:
        continue
    c0, r0, c1, r1 = range_boundaries(ref)
    cols = range(c0, c1 + 1)
    check(all(not blank(value(ws, r0, c)) for c in cols), f"{ws.title}: filter {ref}: a blank header cell")
    for r in range(r0 + 1, r1 + 1):
        filled = [cell(ws, r, c) for c in cols if not blank(value(ws, r, c))]
        check(bool(filled), f"{ws.title}: filter {ref}: blank row {r} inside it")
        check(
            not (len(filled) > 1 and all(x.font.bold for x in filled)),
            f"{ws.title}: filter {ref}: a second header at row {r} (two tables under one filter)",
        )
    check(all(blank(value(ws, r1 + 1, c)) for c in cols), f"{ws.title}: filter {ref}: the table goes on at row {r1 + 1}")

lines_ws = wb["Lines"]
head = [c.value for c in lines_ws[1]]
check(lines_ws.freeze_panes == "A2", "Lines: header not frozen")
check(lines_ws.max_row == lines + 1, f"Lines: {lines_ws.max_row - 1} lines, want {lines}")
col = {h: i for i, h in enumerate(head)}
money = dates = 0
for row in lines_ws.iter_rows(min_row=2):
    v = row[col["value"]]
    if v.value is not None:
        check(isinstance(v.value, (int, float)), f"value stored as {type(v.value).__name__}")
        check(v.number_format == "#,##0.00", f"value format {v.number_format}")
        money += 1
    d = row[col["entry_date"]]
    if d.value is not None:
        check(isinstance(d.value, datetime.datetime), f"date stored as {type(d.value).__name__}")
        check(d.number_format == "yyyy-mm-dd", f"date format {d.number_format}")
        dates += 1
    r = row[col["row"]]
    check(isinstance(r.value, int), "row number stored as text")
check(money > 0, "no value on the Lines sheet")
check(dates > 0, "no entry date on the Lines sheet")

summary = wb["Summary"]
check(isinstance(summary["B2"].value, datetime.datetime), "Summary: the date is not a date")
facts = {r[0].value: r[1].value for r in summary.iter_rows(max_col=2) if isinstance(r[0].value, str)}
for k in ("facts checked as of", "UFLPA Entity List as of"):
    check(isinstance(facts.get(k), datetime.datetime), f"Summary: {k} is {type(facts.get(k)).__name__}, not a date")
amounts = [c for c in summary["D"] if isinstance(c.value, (int, float))]
counts = [c for c in summary["B"] if isinstance(c.value, (int, float))]
check(counts and all(c.number_format == "0" for c in counts), "Summary: counts without a number format")
check(amounts and all(c.number_format == "#,##0.00" for c in amounts), "Summary: amounts without a number format")
check(any("Entity List" in str(c.value) for r in summary.iter_rows() for c in r), "Summary: no recommended action")

if fails:
    print("\n".join(fails))
    sys.exit(1)
print("ok")
