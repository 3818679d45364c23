"""Checks the Excel report's waivers (issue 15 trial), with openpyxl.

usage: check_xlsx_waivers.py REPORT.xlsx
The workbook is the report of tests/integration/report.rs's waiver trial: three waivers of
uflpa.toml (one used, one expired, one unused). Exits non-zero, naming the failed check, when
the Waivers sheet is not one table of waivers with dates in "until", reviewers in "by" and the
expired and unused ones marked, or when the Waived findings sheet lacks its "until" and "by".
"""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


def table(ws):
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = rows[0]
    body = []
    for r in rows[1:]:
        if all(v is None or v == "" for v in r):
            break
        body.append(dict(zip(head, r)))
    return head, body, rows


head, waivers, rows = table(wb["Waivers"])
for col in ("rule", "applies to", "until", "by", "status"):
    check(col in head, f"Waivers: no column {col!r}: {head}")
check(len(waivers) == 3, f"Waivers: {len(waivers)} rows, want 3")
check(len(rows) == 4, f"Waivers: {len(rows) - 1} rows below the header: one table only")
check(wb["Waivers"].auto_filter.ref == "A1:H4", f"Waivers: filter {wb['Waivers'].auto_filter.ref}")
for w in waivers:
    check(isinstance(w.get("until"), datetime.datetime), f"Waivers: until {w.get('until')!r} is not a date")
    check(bool(w.get("by")) and "@" in str(w.get("by")), f"Waivers: by {w.get('by')!r}")
status = {w.get("rule"): str(w.get("status")) for w in waivers}
check("expired" in status.get("HP207", ""), f"Waivers: HP207 not marked expired: {status}")
check("unused" in status.get("HP202", ""), f"Waivers: HP202 not marked unused: {status}")
check("expired" not in status.get("XJ106", "") and "unused" not in status.get("XJ106", ""), f"Waivers: XJ106 {status}")

head, found, rows = table(wb["Waived findings"])
for col in ("line", "rule", "until", "by"):
    check(col in head, f"Waived findings: no column {col!r}: {head}")
check(len(found) == 1, f"Waived findings: {len(found)} rows, want 1")
for f in found:
    check(isinstance(f.get("until"), datetime.datetime), f"Waived findings: until {f.get('until')!r}")
    check(f.get("by") == "compliance@example.com", f"Waived findings: by {f.get('by')!r}")

if fails:
    print("\n".join(fails))
    sys.exit(1)
print("ok")
