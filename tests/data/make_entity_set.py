#!/usr/bin/env python3
"""Regenerate tests/data/entity-labelled.csv from rules/uflpa/entity-list.csv.

Categories:
  as_written  every listed name and alias exactly as DHS writes it          -> presumed, that entity
  doc_style   the same in the styles seen on trade documents: upper case
              without punctuation, legal form changed, legal form dropped,
              abbreviations (TECH, IND, INTL, IMP & EXP, MFG ...)           -> presumed, that entity
  typo        one character dropped or two swapped in the longest word      -> at least review, that entity
  field_cut   the official name upper-cased without punctuation and cut to
              35 characters (trailing space trimmed), when it is longer     -> presumed, that entity
  run_together the first two words of the official name written as one     -> presumed, that entity
  abbrev_start the last word of 8+ letters of a 3+-word official name cut
              to its first 4 letters (INFORMATION -> INFO)                  -> presumed, that entity
  branch      the official name + " Shanghai Branch", a Chinese name +
              "上海分公司"                                                    -> presumed, that entity
  lookalike   hand-written in entity-lookalikes.csv: names that share words
              with listed ones but are other companies                      -> never presumed

Run from the repository root: python3 tests/data/make_entity_set.py
"""
import csv, re

ABBR = [("Technology", "TECH"), ("Industry", "IND"), ("Industrial", "INDL"), ("International", "INTL"),
        ("Import and Export", "IMP & EXP"), ("Import & Export", "IMP & EXP"), ("Manufacturing", "MFG"),
        ("Materials", "MATLS"), ("Material", "MATL"), ("Electronic", "ELEC"), ("Development", "DEV"),
        ("Group", "GRP"), ("Pharmaceutical", "PHARM"), ("Chemical", "CHEM")]
LEGAL = re.compile(r",?\s*(Co\.,?\s*Ltd\.?|Co\.\s*Ltd\.?|Co\. Ltd|Company,? Limited|Co\.|Corporation|Limited|Ltd\.?)\s*$", re.I)

def upper_plain(n):
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s&()]", " ", n)).strip().upper()

def legal_changed(n):
    if LEGAL.search(n):
        return LEGAL.sub(" Company Limited", n)
    return n + " Co., Ltd."

def legal_dropped(n):
    return LEGAL.sub("", n).strip()

def abbreviated(n):
    out = n
    for long, short in ABBR:
        out = re.sub(r"\b" + re.escape(long) + r"\b", short, out)
    return out if out != n else None

def typo(n):
    words = re.findall(r"[A-Za-z]+", n)
    if not words:
        return None
    w = max(words, key=len)
    if len(w) < 5:
        return None
    i = len(w) // 2
    t = w[:i] + w[i + 1:] if len(w) % 2 else w[:i - 1] + w[i] + w[i - 1] + w[i + 1:]
    return n.replace(w, t, 1)

rows = []
entities = [r for r in csv.DictReader(l for l in open("rules/uflpa/entity-list.csv", encoding="utf-8") if not l.startswith("#"))]
for e in entities:
    names = [e["name"]] + [a for a in e["aliases"].split("|") if a]
    for n in names:
        rows.append(("as_written", n, e["name"]))
        # In a fixed order (a set's order changed with Python's string hashing per run).
        for v in dict.fromkeys([upper_plain(n), legal_changed(n), legal_dropped(n)]):
            if v and v != n and len(re.findall(r"\w+", v)) >= 1:
                rows.append(("doc_style", v, e["name"]))
        a = abbreviated(n)
        if a:
            rows.append(("doc_style", a, e["name"]))
        t = typo(n)
        if t:
            rows.append(("typo", t, e["name"]))
    up = upper_plain(e["name"])
    if len(up) > 37:
        cut = up[:35].rstrip()
        if len(cut.split()) >= 2:
            rows.append(("field_cut", cut, e["name"]))
    words = up.split()
    if len(words) >= 3 and all(w.isalpha() and len(w) >= 3 for w in words[:2]):
        rows.append(("run_together", " ".join([words[0] + words[1]] + words[2:]), e["name"]))
    core = [w for w in re.findall(r"[A-Za-z]+", LEGAL.sub("", e["name"]))]
    long_words = [w for w in core if len(w) >= 8]
    if len(core) >= 3 and long_words and long_words[-1] != core[0]:
        w = long_words[-1]
        rows.append(("abbrev_start", re.sub(r"\b" + w + r"\b", w[:4].upper(), LEGAL.sub("", e["name"]), count=1).strip(), e["name"]))
    if "Branch" not in e["name"]:
        rows.append(("branch", e["name"] + " Shanghai Branch", e["name"]))
    for z in [z for z in e["names_zh"].split("|") if z]:
        rows.append(("as_written", z, e["name"]))
        rows.append(("branch", z + "上海分公司", e["name"]))
for r in csv.DictReader(l for l in open("tests/data/entity-lookalikes.csv", encoding="utf-8") if not l.startswith("#")):
    rows.append(("lookalike", r["query"], ""))
seen = set()
with open("tests/data/entity-labelled.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["category", "query", "expected_entity"])
    for r in rows:
        if (r[0], r[1]) in seen:
            continue
        seen.add((r[0], r[1]))
        w.writerow(r)
print(len(seen), "rows")
