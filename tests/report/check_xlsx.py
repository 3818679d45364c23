"""Checks the Excel report as a compliance officer uses it (issue 15), with openpyxl.

usage: check_xlsx.py REPORT.xlsx LINES
Exits non-zero, naming the failed check, when a sheet lacks a frozen header, filters or column
widths, when counts, amounts or dates are stored as text, or when the Lines sheet does not
hold LINES lines.
"""
import datetime
import sys

import openpyxl

path, lines = sys.argv[1], int(sys.argv[2])
wb = openpyxl.load_workbook(path)
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


for name in ["Summary", "Documents", "Waivers", "Rejects", "Presumed", "Review", "Lines", "Figures", "Sources", "Inputs"]:
    check(name in wb.sheetnames, f"sheet {name} missing")
for ws in wb.worksheets:
    check(ws.freeze_panes is not None, f"{ws.title}: no frozen header")
    if ws.title not in ("Figures",):
        check(bool(ws.auto_filter.ref), f"{ws.title}: no filter")
    check(
        any((ws.column_dimensions[c].width or 0) > 9 for c in "ABCDE"),
        f"{ws.title}: no column widths",
    )

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
amounts = [c for c in summary["D"] if isinstance(c.value, (int, float))]
counts = [c for c in summary["B"] if isinstance(c.value, (int, float))]
check(counts and all(c.number_format == "0" for c in counts), "Summary: counts without a number format")
check(amounts and all(c.number_format == "#,##0.00" for c in amounts), "Summary: amounts without a number format")
check(any("Entity List" in str(c.value) for r in summary.iter_rows() for c in r), "Summary: no recommended action")

if fails:
    print("\n".join(fails))
    sys.exit(1)
print("ok")
