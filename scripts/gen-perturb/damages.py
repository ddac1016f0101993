"""The seven kinds of damage, each applied to every bundled form.

A damage takes a form description (scripts/gen-samples/forms.py) and returns
the Sheet to print, a note saying what was done, and for an added column the
values the rows must carry in `extra`. The truth of a damaged file stays the
original form's: what the undamaged form says.
"""
import copy
import random
from dataclasses import dataclass, field as dc_field
from decimal import Decimal

from forms import money, fmt
from sheet_edit import cell_of, cell_with_text, cells_matching, insert_column, renumber, swap

SEED = 24  # every random choice below draws from random.Random(SEED + form number)

# Characters and a wrong character of similar shape (a misread or mistyped header).
LOOKALIKE = {"指": "措", "标": "柡", "完": "宪", "成": "戍", "情": "倩", "况": "兄", "得": "待",
             "分": "份", "实": "宝", "际": "标", "值": "直", "支": "攴", "出": "岀", "数": "敉",
             "权": "杈", "重": "垂"}


@dataclass
class Damage:
    sheet: object
    note: str
    push: object = None                             # a cell whose last character crosses its border
    extra: list = dc_field(default_factory=list)    # [{"row", "header", "value"}] an added column shows


def misspelled(text, rng, count):
    """`count` characters of `text` replaced by look-alikes, at seeded places."""
    places = [i for i, ch in enumerate(text) if ch in LOOKALIKE]
    chosen = sorted(rng.sample(places, min(count, len(places))))
    chars = list(text)
    for i in chosen:
        chars[i] = LOOKALIKE[chars[i]]
    return "".join(chars)


def mojibake(text):
    """The text's UTF-8 bytes read as GBK: the noise a wrong encoding prints."""
    return text.encode("utf-8").decode("gbk", "ignore")


# --- 1. a column's values erased -------------------------------------------

def erase(form, sheet, rng, build):
    pattern, what = {
        "gz-tianhe-wgly-2022": (r"indicators\[\d+\]\.actual", "every 指标完成情况 cell"),
        "gz-panyu-swj-2021": (r"funds\[\d+\]\.actual", "every 整体年度实际支出数 cell"),
        "proj-lygtnt-2022": (r"indicators\[\d+\]\.score", "every indicator 得分 cell"),
        "proj-xddb-2021": (r"indicators\[\d+\]\.actual", "every 实际完成值 cell"),
        "prov-proj-nanhu-xsgz-2022": (r"indicators\[\d+\]\.weight", "every indicator 权重 cell"),
    }[form["id"]]
    cells = cells_matching(sheet, pattern)
    for c in cells:
        c.text = ""
    return Damage(sheet, f"{what} left blank ({len(cells)} cells)")


# --- 2. two value cells swapped --------------------------------------------

def swapped(form, sheet, rng, build):
    a, b = {
        "gz-tianhe-wgly-2022": ("funds[1].initial_budget", "funds[1].actual"),
        "gz-panyu-swj-2021": ("indicators[0].target", "indicators[0].actual"),
        "proj-lygtnt-2022": ("indicators[4].weight", "indicators[4].score"),
        "proj-xddb-2021": ("funds[0].full_year_budget", "funds[0].actual"),
        "prov-proj-nanhu-xsgz-2022": ("funds[2].full_year_budget", "funds[2].actual"),
    }[form["id"]]
    ca, cb = cell_of(sheet, a), cell_of(sheet, b)
    note = f"{a} ({ca.text}) and {b} ({cb.text}) printed in each other's cell"
    swap(ca, cb)
    return Damage(sheet, note)


# --- 3. a label glyph pushed across a border -------------------------------

def pushed(form, sheet, rng, build):
    label, into = {
        "gz-tianhe-wgly-2022": ("一般公共预算", "the 整体支出年初预算数 cell"),
        "gz-panyu-swj-2021": ("部门名称", "the entity cell"),
        "proj-lygtnt-2022": ("受益农户数", "the 年度指标值 cell"),
        "proj-xddb-2021": ("实施单位", "the implementer cell"),
        "prov-proj-nanhu-xsgz-2022": ("项目名称", "the project cell"),
    }[form["id"]]
    cell = cell_with_text(sheet, label)
    return Damage(sheet, f"label {label}: its last character {label[-1]} drawn in {into}", push=cell)


# --- 4. a header row garbled -----------------------------------------------

def garbled(form, sheet, rng, build):
    header, how, which = {
        "gz-tianhe-wgly-2022": ("指标完成情况", "misspell", None),
        "gz-panyu-swj-2021": ("整体年度实际支出数", "mojibake", None),
        "proj-lygtnt-2022": ("得分", "misspell", -1),  # the indicator table's, not the funds'
        "proj-xddb-2021": ("实际完成值", "mojibake", None),
        "prov-proj-nanhu-xsgz-2022": ("权重", "misspell", -1),  # the indicator table's
    }[form["id"]]
    cell = cell_with_text(sheet, header, which)
    cell.text = misspelled(header, rng, 2 if len(header) > 2 else 1) if how == "misspell" else mojibake(header)
    kind = "misspelled" if how == "misspell" else "its UTF-8 bytes printed as GBK"
    return Damage(sheet, f"header {header} printed as {cell.text} ({kind})")


# --- 5. a row deleted, the total kept --------------------------------------

def deleted(form, sheet, rng, build):
    collection, gone = {
        "gz-tianhe-wgly-2022": ("funds", 2),
        "gz-panyu-swj-2021": ("funds", 1),
        "proj-lygtnt-2022": ("indicators", 4),
        "proj-xddb-2021": ("indicators", 7),
        "prov-proj-nanhu-xsgz-2022": ("indicators", 2),
    }[form["id"]]
    short = copy.deepcopy(form)
    row = short[collection].pop(gone)
    name = row["source"] if collection == "funds" else row["name"] if isinstance(row, dict) else row[2]
    out = build(short)
    renumber(out, collection, gone)
    if collection == "indicators":  # the total row keeps the original's 分值 and 得分 totals
        was = {c.col: c.text for c in sheet.cells if c.row == cell_of(sheet, "total_score").row}
        for c in out.cells:
            if c.row == cell_of(out, "total_score").row:
                c.text = was[c.col]
        kept = "the total row keeps its 分值 and 得分"
    else:
        kept = "the 合计 row keeps its amounts"
    return Damage(out, f"{collection}[{gone}] ({name}) left out; {kept}")


# --- 6. a number changed so a check breaks ---------------------------------

def _bumped(printed, by):
    """A printed number plus `by`, in the same style (thousands, %, decimals)."""
    pct = printed.endswith("%")
    value = money(printed.rstrip("%")) + Decimal(by)
    if "." not in printed:
        text = str(int(value))
    else:
        text = fmt(value, thousands="," in printed)
    return text + ("%" if pct else "")


def broken(form, sheet, rng, build):
    field, by, check = {
        "gz-tianhe-wgly-2022": ("funds[0].execution_rate", "2", "预算完成率 ≠ 实际 / (年初 + 调整)"),
        "gz-panyu-swj-2021": ("funds[0].actual", "63", "合计 ≠ the sum of its rows"),
        "proj-lygtnt-2022": ("indicators[0].score", "1", "得分 > 分值"),
        "proj-xddb-2021": ("total_score", "2", "总分 ≠ the sum of 得分"),
        "prov-proj-nanhu-xsgz-2022": ("funds[0].execution_rate", "3", "预算执行率 ≠ 实际支出数 / 调整后预算数"),
    }[form["id"]]
    cell = cell_of(sheet, field)
    before = cell.text
    cell.text = _bumped(before, by)
    return Damage(sheet, f"{field} printed as {cell.text} instead of {before}: {check}")


# --- 7. an unknown extra column --------------------------------------------

def _rows(sheet, pattern):
    return [(c.field.split(".")[0], c.row) for c in cells_matching(sheet, pattern)]


def added(form, sheet, rng, build):
    fid = form["id"]
    if fid == "gz-panyu-swj-2021":
        header = "本年度结余金额"
        rows = _rows(sheet, r"funds\[\d+\]\.actual")
        values = {}
        for (path, row), f in zip(rows, form["funds"]):
            rest = money(f["initial_budget"]) + money(f["adjustment"]) - money(f["actual"])
            values[path, row] = fmt(rest, thousands=True)
        col = cell_of(sheet, "funds[0].execution_rate").col
        header_row, header_rows = cell_with_text(sheet, "资金来源").row, 1
    else:
        rows = _rows(sheet, r"indicators\[\d+\]\.name")
        head = cell_with_text(sheet, "关键指标" if fid.startswith("gz-") else "三级指标")
        header_row, header_rows = head.row, head.rowspan
        if fid == "gz-tianhe-wgly-2022":
            header, col = "责任科室", len(sheet.widths)
            values = {r: rng.choice(["公共服务科", "群众体育科", "文化市场科", "产业发展科"]) for r in rows}
        elif fid == "proj-lygtnt-2022":
            header, col = "是否核心", len(sheet.widths)
            values = {r: rng.choice(["是", "否"]) for r in rows}
        elif fid == "prov-proj-nanhu-xsgz-2022":
            header, col = "数据来源", len(sheet.widths)
            values = {r: rng.choice(["验收报告", "统计台账", "问卷调查"]) for r in rows}
        else:
            header, col = "指标值类型", cell_of(sheet, "indicators[0].weight").col
            values = {r: "定量" if any(ch.isdigit() for ch in cell_of(sheet, f"{r[0]}.target").text)
                      else "定性" for r in rows}
    insert_column(sheet, col, 0.9, header_row, header, {row: v for (_, row), v in values.items()},
                  header_rows)
    extra = [{"row": path, "header": header, "value": v} for (path, _), v in values.items()]
    return Damage(sheet, f"a column {header} no schema field takes, {len(extra)} values", extra=extra)


CLASSES = {
    "erase": erase,
    "swap": swapped,
    "push": pushed,
    "header": garbled,
    "delete": deleted,
    "check": broken,
    "column": added,
}


def damage(kind, form, number, build):
    """Damage `kind` done to the sheet `build(form)` draws (`form` the
    `number`-th form, for its seed)."""
    return CLASSES[kind](form, build(form), random.Random(SEED + number), build)
