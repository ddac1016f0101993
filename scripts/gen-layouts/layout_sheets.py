"""Printed tables (grid.Sheet, one per page where the form forces a page) and truth
documents of the department layouts in layout_forms.py."""
from decimal import Decimal

from grid import Cell, Sheet, _runs, printed
from layout_forms import amount, q2
from truth import number


def _signatures(form):
    pairs = []
    for i, (role, name, phone) in enumerate(form["contacts"]):
        pairs.append((f"{role}：", name, f"contacts[{i}].name"))
        if phone:
            pairs.append(("联系电话：", phone, f"contacts[{i}].phone"))
    if form.get("date"):
        pairs.append(("填报日期：", form["date"], None))
    return pairs


def _levels(s, inds, first, cols):
    keys = [(i["l1"],) for i in inds], [(i["l1"], i["l2"]) for i in inds]
    for level, col in enumerate(cols):
        for a, b in _runs(keys[level]):
            key = "l1" if level == 0 else "l2"
            s.add(Cell(first + a, col, inds[a][key], rowspan=b - a + 1, align="center",
                       field=f"indicators[{a}].level{level + 1}",
                       merge_name=f"indicators[{a}-{b}].level{level + 1}"))


def total_score(form):
    if form["layout"] == "fujian_dept":
        parts = [Decimal(form["funds"][0]["score"])]
    else:
        parts = [Decimal(t["score"]) for t in form["tasks"]]
    return sum(parts + [Decimal(i["score"]) for i in form["indicators"]])


def total_weight(form):
    if form["layout"] == "fujian_dept":
        parts = [Decimal(form["funds"][0]["weight"])]
    else:
        parts = [Decimal(t["weight"]) for t in form["tasks"]]
    return sum(parts + [Decimal(i["weight"]) for i in form["indicators"]])


# ---- Fujian ----

FJ_HEADS = [
    ("①", "年初部门预算安排金额（含历年结余结转）", "①"),
    ("②", "年中调整金额", "②"),
    ("③", "小计", "③=①+②"),
    ("④", "年度拨付金额", "④"),
    ("⑤", "支出实现率(%)", "⑤=④/③"),
    ("⑥", "本年度结余金额", "⑥=③-④"),
    ("⑦", "资金结余率(%)", "⑦=⑥/③"),
]
FJ_KEYS = ["initial", "adjustment", "subtotal", "paid", "rate", "left", "left_rate"]


def fujian_printed(row, key):
    v = row[key]
    if v is None:
        return "/"
    if key in ("rate", "left_rate"):
        return f"{q2(v)}"
    return amount(v, False)


def fujian_sheet(form):
    inline = form["style"] == "inline_marks"
    s = Sheet(form["title"], f"（{form['year']}年度）", "", f"单位：{form['unit']}",
              [1.0, 1.2, 1.0, 1.25, 1.0, 0.9, 1.0, 0.9, 1.0, 0.9, 0.7, 0.7])
    n = 12
    r = 0
    s.add(Cell(r, 0, "专项名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["special"], colspan=n - 1))
    r += 1
    s.add(Cell(r, 0, "部门（单位）名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["entity"], colspan=6, field="entity"))
    s.add(Cell(r, 7, "部门预算编码", colspan=2, kind="label", align="center"))
    s.add(Cell(r, 9, form["code"], colspan=3))
    r += 1
    funds = form["funds"]
    head_rows = 2 if inline else 3
    s.add(Cell(r, 0, "财政资金安排和使用情况（万元）", rowspan=head_rows + len(funds), kind="label",
               align="center"))
    s.add(Cell(r, 1, "" if inline else "资金来源", colspan=2, rowspan=head_rows, kind="header",
               align="center"))
    for c, span, h in ((3, 3, "预算安排"), (6, 2, "拨付情况"), (8, 2, "结余情况")):
        s.add(Cell(r, c, h, colspan=span, kind="header", align="center"))
    s.add(Cell(r, 10, "分值", rowspan=head_rows, kind="header", align="center"))
    s.add(Cell(r, 11, "得分", rowspan=head_rows, kind="header", align="center"))
    r += 1
    for c, (mark, name, formula) in enumerate(FJ_HEADS, start=3):
        if inline:
            text = f"{mark}{name}" if mark == formula else f"{name} {formula}"
        else:
            text = name
        s.add(Cell(r, c, text, kind="header", align="center"))
    if not inline:
        r += 1
        for c, (_, _, formula) in enumerate(FJ_HEADS, start=3):
            s.add(Cell(r, c, formula, kind="header", align="center"))
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, f["source"], colspan=2, align="left" if i > 1 else "center"))
        for c, k in enumerate(FJ_KEYS, start=3):
            field = {"initial": "initial_budget", "adjustment": "adjustment", "subtotal": "full_year_budget",
                     "paid": "actual", "rate": "execution_rate"}.get(k)
            s.add(Cell(r, c, fujian_printed(f, k), field=f"funds[{i}].{field}" if field else None,
                       align="center"))
        s.add(Cell(r, 10, printed(f["weight"]), field=f"funds[{i}].weight" if f["weight"] else None,
                   align="center"))
        s.add(Cell(r, 11, printed(f["score"]), field=f"funds[{i}].score" if f["score"] else None,
                   align="center"))
    r += 1
    s.add(Cell(r, 0, "年度总体目标", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, "预期目标", colspan=5, kind="header", align="center"))
    s.add(Cell(r, 6, "目标实际完成情况", colspan=6, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, form["goal"]["expected"], colspan=5, field="goal.expected"))
    s.add(Cell(r, 6, form["goal"]["achieved"], colspan=6, field="goal.achieved"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=1 + len(inds), kind="label", align="center"))
    heads = [(1, 1, "一级指标"), (2, 1, "二级指标"), (3, 2, "三级指标"), (5, 1, "年度指标值"),
             (6, 1, "实际完成值"), (7, 1, "指标分值"), (8, 1, "自评得分"), (9, 3, "偏差原因分析及改进措施")]
    for c, span, h in heads:
        s.add(Cell(r, c, h, colspan=span, kind="header", align="center"))
    first = r + 1
    _levels(s, inds, first, (1, 2))
    for k, ind in enumerate(inds):
        row = first + k
        s.add(Cell(row, 3, ind["name"], colspan=2, field=f"indicators[{k}].name"))
        s.add(Cell(row, 5, ind["target"], field=f"indicators[{k}].target", align="center"))
        s.add(Cell(row, 6, ind["actual"], field=f"indicators[{k}].actual", align="center"))
        s.add(Cell(row, 7, ind["weight"], field=f"indicators[{k}].weight", align="center"))
        s.add(Cell(row, 8, ind["score"], field=f"indicators[{k}].score", align="center"))
        s.add(Cell(row, 9, printed(ind.get("note")), colspan=3, field=f"indicators[{k}].note"))
    r = first + len(inds)
    s.add(Cell(r, 0, "总分值、评价总分（S）", colspan=7, kind="label", align="center"))
    s.add(Cell(r, 7, str(total_weight(form)), align="center"))
    s.add(Cell(r, 8, f"{total_score(form):.2f}", field="total_score", align="center"))
    s.add(Cell(r, 9, "", colspan=3))
    r += 1
    s.add(Cell(r, 0, "评价等级", kind="label", align="center"))
    s.add(Cell(r, 1, form["grade"], colspan=n - 1, field="conclusion"))
    s.footer = _signatures(form)
    return [s]


# ---- task grid ----

def grid_page(form):
    from layout_forms import grid_total
    s = Sheet(form["title"], f"（{form['year']}年度）", "", f"单位：{form['unit']}",
              [1.25, 2.3, 2.3, 0.95, 0.95, 0.8, 0.95, 0.95, 0.8, 0.55, 0.75, 0.55])
    n = 12
    r = 0
    s.add(Cell(r, 0, "部门（单位）名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["entity"], colspan=n - 1, field="entity"))
    r += 1
    s.add(Cell(r, 0, "年度主要任务完成情况", colspan=n, kind="label", align="center"))
    r += 1
    for c, h in ((0, "任务名称"), (1, "主要内容"), (2, "完成情况")):
        s.add(Cell(r, c, h, rowspan=2, kind="header", align="center"))
    s.add(Cell(r, 3, "全年预算数（万元）", colspan=3, kind="header", align="center"))
    s.add(Cell(r, 6, "全年执行数（万元）", colspan=3, kind="header", align="center"))
    for c, h in ((9, "分值"), (10, "执行率"), (11, "得分")):
        s.add(Cell(r, c, h, rowspan=2, kind="header", align="center"))
    r += 1
    for c, h in enumerate(["总额", "财政拨款", "其他资金"] * 2, start=3):
        s.add(Cell(r, c, h, kind="header", align="center"))
    for t, task in enumerate(form["tasks"]):
        r += 1
        s.add(Cell(r, 0, task["name"], field=f"tasks[{t}].name"))
        s.add(Cell(r, 1, task["content"], field=f"tasks[{t}].expected"))
        s.add(Cell(r, 2, task["done"], field=f"tasks[{t}].achieved"))
        for k in range(3):
            s.add(Cell(r, 3 + k, task["budget"][k], align="center",
                       field=f"tasks[{t}].funds" if k == 0 else None))
            s.add(Cell(r, 6 + k, task["spent"][k], align="center"))
        for c, key in ((9, "weight"), (10, "rate"), (11, "score")):
            s.add(Cell(r, c, task[key], align="center"))
    r += 1
    tot = grid_total(form["tasks"])
    s.add(Cell(r, 0, "金额合计", colspan=3, kind="label", align="center"))
    for k in range(3):
        s.add(Cell(r, 3 + k, tot["budget"][k], align="center",
                   field="funds[0].full_year_budget" if k == 0 else None))
        s.add(Cell(r, 6 + k, tot["spent"][k], align="center", field="funds[0].actual" if k == 0 else None))
    for c, key, f in ((9, "weight", "weight"), (10, "rate", "execution_rate"), (11, "score", "score")):
        s.add(Cell(r, c, tot[key], align="center", field=f"funds[0].{f}"))
    return s


def goals_page(form):
    # A narrow 一级指标 column prints `产出指标（50分）` in two pieces.
    first_width = 0.85 if form["split_level1"] else 1.25
    s = Sheet("", "", "", "", [first_width, 1.4, 3.0, 1.25, 1.25, 0.6, 0.6, 2.2])
    n = 8
    r = 0
    expected_head, achieved_head = form["goal_heads"]
    s.add(Cell(r, 0, "年度总体目标完成情况", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, expected_head, colspan=3, kind="header", align="center"))
    s.add(Cell(r, 4, achieved_head, colspan=4, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, goal_text(form), colspan=3, field="goal.expected"))
    s.add(Cell(r, 4, form["achieved"], colspan=4, field="goal.achieved"))
    r += 1
    heads = ["一级指标", "二级指标", "指标内容", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    for c, h in enumerate(heads):
        s.add(Cell(r, c, h, kind="header", align="center"))
    inds = form["indicators"]
    first = r + 1
    _levels(s, inds, first, (0, 1))
    for k, ind in enumerate(inds):
        row = first + k
        s.add(Cell(row, 2, f"指标{k + 1}：{ind['name']}", field=f"indicators[{k}].name"))
        s.add(Cell(row, 3, ind["target"], field=f"indicators[{k}].target", align="center"))
        s.add(Cell(row, 4, ind["actual"], field=f"indicators[{k}].actual", align="center"))
        s.add(Cell(row, 5, ind["weight"], field=f"indicators[{k}].weight", align="center"))
        s.add(Cell(row, 6, ind["score"], field=f"indicators[{k}].score", align="center"))
        s.add(Cell(row, 7, printed(ind.get("note")), field=f"indicators[{k}].note"))
    r = first + len(inds)
    s.add(Cell(r, 0, "总分", colspan=5, kind="label", align="center"))
    s.add(Cell(r, 5, str(total_weight(form)), align="center"))
    s.add(Cell(r, 6, f"{total_score(form):.2f}", field="total_score", align="center"))
    s.add(Cell(r, 7, ""))
    s.footer = _signatures(form)
    del n
    return s


def goal_text(form):
    return "".join(f"目标{i + 1}：{g}。" for i, g in enumerate(form["goals"]))


def sheets_of(form):
    """The form's printed pages: one sheet each."""
    if form["layout"] == "fujian_dept":
        return fujian_sheet(form)
    return [grid_page(form), goals_page(form)]


# ---- truth ----

def _fund_truth(form):
    if form["layout"] == "fujian_dept":
        out = []
        for f in form["funds"]:
            out.append({
                "source": f["source"],
                "initial_budget": number(amount(f["initial"], False)),
                "adjustment": number(amount(f["adjustment"], False)),
                "full_year_budget": number(amount(f["subtotal"], False)),
                "actual": number(amount(f["paid"], False)),
                "execution_rate": number(fujian_printed(f, "rate")),
                "adjustment_rate": None,
                "weight": number(f["weight"]), "score": number(f["score"]),
            })
        return out
    from layout_forms import grid_total
    tot = grid_total(form["tasks"])
    return [{"source": "金额合计", "initial_budget": None, "adjustment": None,
             "full_year_budget": number(tot["budget"][0]), "actual": number(tot["spent"][0]),
             "execution_rate": number(tot["rate"]), "adjustment_rate": None,
             "weight": number(tot["weight"]), "score": number(tot["score"])}]


def truth_of(form):
    grid = form["layout"] == "task_grid_dept"
    return {
        "schema": "evalform/1",
        "form": form["form"],
        "title": form["title"],
        "year": form["year"],
        "entity": form["entity"],
        "project": None,
        "supervisor": None,
        "implementer": None,
        "unit": form["unit"],
        "funds": _fund_truth(form),
        "goal": {"expected": goal_text(form) if grid else form["goal"]["expected"],
                 "achieved": form["achieved"] if grid else form["goal"]["achieved"]},
        "tasks": [{"no": i + 1, "name": t["name"], "expected": t["content"], "achieved": t["done"],
                   "funds": number(t["budget"][0])} for i, t in enumerate(form.get("tasks", []))],
        "indicators": [{
            "task": None, "level1": i["l1"], "level2": i["l2"], "name": i["name"], "formula": None,
            "target": i["target"], "actual": i["actual"], "weight": number(i["weight"]),
            "score": number(i["score"]), "note": i.get("note"),
        } for i in form["indicators"]],
        "problems": None,
        "improvements": None,
        "total_score": float(total_score(form)),
        "conclusion": None if grid else form["grade"],
        "contacts": [{"role": r, "name": n, "phone": p} for r, n, p in form["contacts"]],
    }
