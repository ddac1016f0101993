"""Printed tables (grid.Sheet) and truth documents of the layout-variant forms."""
from decimal import Decimal

from grid import Cell, Sheet, _runs, printed
from truth import number

FUND_KEYS = ("initial_budget", "adjustment", "full_year_budget", "actual",
             "execution_rate", "adjustment_rate", "weight", "score")


def target_text(ind):
    """The target as one string: a printed cell, or 指标性质 + 指标值 + 度量单位 joined as the spec says."""
    if "target" in ind:
        return ind["target"]
    kind = ind["kind"] if ind["kind"] in ("=", "≥", "≤", ">", "<", "＞", "＜") else ""
    return f"{kind}{ind['value']}{ind['unit']}"


def total_score(form):
    parts = [Decimal(form["funds"][0]["score"])] + [Decimal(i["score"]) for i in form["indicators"]]
    return sum(parts)


def total_weight(form):
    parts = [Decimal(form["funds"][0]["weight"])] + [Decimal(i["weight"]) for i in form["indicators"]]
    return str(sum(parts))


def truth_of(form):
    """The expected evalform/1 document."""
    return {
        "schema": "evalform/1",
        "form": form["form"],
        "title": form["title"],
        "year": form["year"],
        "entity": form.get("entity"),
        "project": form.get("project"),
        "supervisor": form.get("supervisor"),
        "implementer": form.get("implementer"),
        "unit": form["unit"],
        "funds": [{"source": r["source"], **{k: number(r.get(k)) for k in FUND_KEYS}}
                  for r in form["funds"]],
        "goal": dict(form["goal"]),
        "tasks": [],
        "indicators": [{
            "task": None, "level1": i["l1"], "level2": i["l2"], "name": i["name"], "formula": None,
            "target": target_text(i), "actual": i["actual"], "weight": number(i["weight"]),
            "score": number(i["score"]), "note": i.get("note"),
        } for i in form["indicators"]],
        "problems": form.get("problems"),
        "improvements": form.get("improvements"),
        "total_score": float(total_score(form)),
        "conclusion": form.get("conclusion"),
        "contacts": [{"role": r, "name": n, "phone": p} for r, n, p in form["contacts"]],
    }


def sheet_of(form):
    return {"national_dept": national_dept_sheet, "prov_project": prov_project_sheet,
            "county_project": county_project_sheet}[form["layout"]](form)


def _signatures(form, skip=0):
    pairs = []
    for i, (role, name, phone) in list(enumerate(form["contacts"]))[skip:]:
        pairs.append((f"{role}：", name, f"contacts[{i}].name"))
        if phone:
            pairs.append(("联系电话：", phone, f"contacts[{i}].phone"))
    if form.get("date"):
        pairs.append(("填报日期：", form["date"], None))
    return pairs


def _level_cells(s, inds, first, cols):
    """一级/二级指标 merged down over their runs."""
    keys = [(i["l1"],) for i in inds], [(i["l1"], i["l2"]) for i in inds]
    for level, col in enumerate(cols):
        for a, b in _runs(keys[level]):
            key = "l1" if level == 0 else "l2"
            s.add(Cell(first + a, col, inds[a][key], rowspan=b - a + 1, align="center",
                       field=f"indicators[{a}].level{level + 1}",
                       merge_name=f"indicators[{a}-{b}].level{level + 1}"))


def _funds_block(s, r, form, label, heads, keys, label_cols=2):
    """A money block: label merged down, a header row, one row per money source."""
    funds = form["funds"]
    s.add(Cell(r, 0, label, rowspan=1 + len(funds), kind="label", align="center"))
    s.add(Cell(r, 1, "", colspan=label_cols, kind="header"))
    for c, h in enumerate(heads, start=1 + label_cols):
        s.add(Cell(r, c, h, kind="header", align="center"))
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, f["source"], colspan=label_cols, align="left" if i else "center"))
        for c, k in enumerate(keys, start=1 + label_cols):
            text = f[f"{k}_text"] if k in ("weight", "score") else printed(f[k])
            s.add(Cell(r, c, text, field=f"funds[{i}].{k}", align="center"))
    return r + 1


NATIONAL_LABELS = {
    "funds": "部门（单位）总体资金（万元）",
    "fund_heads": [("年初预算数", "initial_budget"), ("全年预算数(A)", "full_year_budget"),
                   ("全年执行数(B)", "actual"), ("分值", "weight"), ("执行率(B/A)", "execution_rate"),
                   ("得分", "score")],
    "goal": ("年初设定目标", "年度总体目标完成情况"),
    "target": "年度指标值（A）", "actual": "实际完成值（B）", "total": "总分",
}


def national_dept_sheet(form):
    """财政部 2020 部门整体支出绩效自评表: money block, 年度总体目标, indicators, 总分 (labels as the form prints them)."""
    lab = form.get("labels", NATIONAL_LABELS)
    heads = lab["fund_heads"]
    s = Sheet(form["title"], f"（{form['year']}年度）", f"填报单位（盖章）：{form['entity']}",
              f"金额单位：{form['unit']}", [1.0, 1.1, 1.3, 1.9, 1.15, 1.15, 0.85, 0.85, 2.0])
    r = 0
    s.add(Cell(r, 0, "部门（单位）名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["entity"], colspan=8, field="entity"))
    r = _funds_block(s, r + 1, form, lab["funds"], [h for h, _ in heads], [k for _, k in heads],
                     label_cols=2 + 6 - len(heads))
    s.add(Cell(r, 0, "年度总体目标", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, lab["goal"][0], colspan=4, kind="header", align="center"))
    s.add(Cell(r, 5, lab["goal"][1], colspan=4, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, form["goal"]["expected"], colspan=4, field="goal.expected"))
    s.add(Cell(r, 5, form["goal"]["achieved"], colspan=4, field="goal.achieved"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=1 + len(inds), kind="label", align="center",
               merge_name=f"绩效指标 (label column: header row + indicators[0-{len(inds) - 1}])"))
    heads = ["一级指标", "二级指标", "三级指标", lab["target"], lab["actual"], "分值", "得分",
             "偏差原因分析及改进措施"]
    for c, h in enumerate(heads, start=1):
        s.add(Cell(r, c, h, kind="header", align="center"))
    s.repeat_rows[r] = r + len(inds)
    first = r + 1
    _level_cells(s, inds, first, (1, 2))
    for k, ind in enumerate(inds):
        row = first + k
        s.add(Cell(row, 3, ind["name"], field=f"indicators[{k}].name"))
        s.add(Cell(row, 4, ind["target"], field=f"indicators[{k}].target", align="center"))
        s.add(Cell(row, 5, ind["actual"], field=f"indicators[{k}].actual", align="center"))
        s.add(Cell(row, 6, ind["weight"], field=f"indicators[{k}].weight", align="center"))
        s.add(Cell(row, 7, ind["score"], field=f"indicators[{k}].score", align="center"))
        s.add(Cell(row, 8, printed(ind.get("note")), field=f"indicators[{k}].note"))
    r = first + len(inds)
    s.add(Cell(r, 0, lab["total"], colspan=6, kind="label", align="center"))
    s.add(Cell(r, 6, total_weight(form), align="center"))
    s.add(Cell(r, 7, f"{total_score(form):.2f}", field="total_score", align="center"))
    s.add(Cell(r, 8, ""))
    s.footer = _signatures(form)
    return s


def prov_project_sheet(form):
    """部门预算项目支出绩效自评表: 报表编号, 权重, target over three columns, 完成值, 合计, 评价结论."""
    s = Sheet(form["title"], f"（{form['year']}年度）", form["report_no"], f"金额单位：{form['unit']}",
              [1.0, 1.15, 1.15, 1.8, 0.7, 0.8, 0.85, 0.65, 0.95, 0.65, 1.9])
    n = len(s.widths)
    r = 0
    s.add(Cell(r, 0, "项目名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["project"], colspan=n - 1, field="project"))
    r += 1
    s.add(Cell(r, 0, "主管部门", kind="label", align="center"))
    s.add(Cell(r, 1, form["supervisor"], colspan=3, field="supervisor"))
    s.add(Cell(r, 4, "实施单位", colspan=2, kind="label", align="center"))
    s.add(Cell(r, 6, form["implementer"], colspan=n - 6, field="implementer"))
    r += 1
    # money columns: source over 1-3, 调整后预算数 over 5-6
    funds = form["funds"]
    s.add(Cell(r, 0, "项目资金（万元）", rowspan=1 + len(funds), kind="label", align="center"))
    s.add(Cell(r, 1, "", colspan=3, kind="header"))
    heads = ["年初预算数", "调整后预算数", "实际支出数", "权重", "预算执行率", "得分"]
    keys = ["initial_budget", "full_year_budget", "actual", "weight", "execution_rate", "score"]
    cols = [(4, 1), (5, 2), (7, 1), (8, 1), (9, 1), (10, 1)]
    for (c, span), h in zip(cols, heads):
        s.add(Cell(r, c, h, colspan=span, kind="header", align="center"))
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, f["source"], colspan=3, align="left" if i else "center"))
        for (c, span), k in zip(cols, keys):
            text = f[f"{k}_text"] if k in ("weight", "score") else printed(f[k])
            s.add(Cell(r, c, text, colspan=span, field=f"funds[{i}].{k}", align="center"))
    r += 1
    s.add(Cell(r, 0, "年度目标", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, "预期目标", colspan=5, kind="header", align="center"))
    s.add(Cell(r, 6, "实际完成情况", colspan=n - 6, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, form["goal"]["expected"], colspan=5, field="goal.expected"))
    s.add(Cell(r, 6, form["goal"]["achieved"], colspan=n - 6, field="goal.achieved"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=2 + len(inds), kind="label", align="center",
               merge_name=f"绩效指标 (label column: 2 header rows + indicators[0-{len(inds) - 1}])"))
    for c, h in ((1, "一级指标"), (2, "二级指标"), (3, "三级指标")):
        s.add(Cell(r, c, h, rowspan=2, kind="header", align="center"))
    s.add(Cell(r, 4, "年度指标值", colspan=3, kind="header", align="center"))
    for c, h in ((7, "权重"), (8, "完成值"), (9, "得分"), (10, "未完成原因分析")):
        s.add(Cell(r, c, h, rowspan=2, kind="header", align="center"))
    r += 1
    for c, h in ((4, "指标性质"), (5, "指标值"), (6, "度量单位")):
        s.add(Cell(r, c, h, kind="header", align="center"))
    first = r + 1
    _level_cells(s, inds, first, (1, 2))
    for k, ind in enumerate(inds):
        row = first + k
        s.add(Cell(row, 3, ind["name"], field=f"indicators[{k}].name"))
        s.add(Cell(row, 4, ind["kind"], align="center"))
        s.add(Cell(row, 5, ind["value"], field=f"indicators[{k}].target", align="center"))
        s.add(Cell(row, 6, ind["unit"], align="center"))
        s.add(Cell(row, 7, ind["weight"], field=f"indicators[{k}].weight", align="center"))
        s.add(Cell(row, 8, ind["actual"], field=f"indicators[{k}].actual", align="center"))
        s.add(Cell(row, 9, ind["score"], field=f"indicators[{k}].score", align="center"))
        s.add(Cell(row, 10, printed(ind.get("note")), field=f"indicators[{k}].note"))
    r = first + len(inds)
    s.add(Cell(r, 0, "合计", colspan=7, kind="label", align="center"))
    s.add(Cell(r, 7, total_weight(form), align="center"))
    s.add(Cell(r, 8, ""))
    s.add(Cell(r, 9, f"{total_score(form):.2f}", field="total_score", align="center"))
    s.add(Cell(r, 10, ""))
    r += 1
    s.add(Cell(r, 0, "评价结论", kind="label", align="center"))
    s.add(Cell(r, 1, form["conclusion"], colspan=n - 1, field="conclusion"))
    s.footer = _signatures(form)
    return s


def county_project_sheet(form):
    """A county's 项目支出绩效自评表: year in the title, 项目负责人 in the table, goals one under the other."""
    s = Sheet(form["title"], "", form["filler"], f"单位：{form['unit']}",
              [1.0, 1.15, 1.2, 1.9, 1.05, 1.05, 0.95, 0.8, 0.8, 1.9])
    n = len(s.widths)
    r = 0
    s.add(Cell(r, 0, "项目名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["project"], colspan=n - 1, field="project"))
    r += 1
    s.add(Cell(r, 0, "主管部门", kind="label", align="center"))
    s.add(Cell(r, 1, form["supervisor"], colspan=3, field="supervisor"))
    s.add(Cell(r, 4, "实施单位", colspan=2, kind="label", align="center"))
    s.add(Cell(r, 6, form["implementer"], colspan=n - 6, field="implementer"))
    r += 1
    role, name, phone = form["contacts"][0]
    s.add(Cell(r, 0, role, kind="label", align="center"))
    s.add(Cell(r, 1, name, colspan=3, field="contacts[0].name"))
    s.add(Cell(r, 4, "联系电话", colspan=2, kind="label", align="center"))
    s.add(Cell(r, 6, phone, colspan=n - 6, field="contacts[0].phone"))
    r += 1
    funds = form["funds"]
    s.add(Cell(r, 0, "项目资金（万元）", rowspan=1 + len(funds), kind="label", align="center"))
    s.add(Cell(r, 1, "资金来源", colspan=2, kind="header", align="center"))
    cols = [(3, 1), (4, 1), (5, 1), (6, 1), (7, 1), (8, 2)]
    heads = ["年初预算", "调整后预算", "实际支出", "预算执行率", "分值", "得分"]
    keys = ["initial_budget", "full_year_budget", "actual", "execution_rate", "weight", "score"]
    for (c, span), h in zip(cols, heads):
        s.add(Cell(r, c, h, colspan=span, kind="header", align="center"))
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, f["source"], colspan=2, align="center"))
        for (c, span), k in zip(cols, keys):
            text = f[f"{k}_text"] if k in ("weight", "score") else printed(f[k])
            s.add(Cell(r, c, text, colspan=span, field=f"funds[{i}].{k}", align="center"))
    r += 1
    s.add(Cell(r, 0, "年度绩效目标", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, "年初设定目标", kind="header", align="center"))
    s.add(Cell(r, 2, form["goal"]["expected"], colspan=n - 2, field="goal.expected"))
    r += 1
    s.add(Cell(r, 1, "年度目标完成情况", kind="header", align="center"))
    s.add(Cell(r, 2, form["goal"]["achieved"], colspan=n - 2, field="goal.achieved"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=1 + len(inds), kind="label", align="center",
               merge_name=f"绩效指标 (label column: header row + indicators[0-{len(inds) - 1}])"))
    heads = [(1, 1, "一级指标"), (2, 1, "二级指标"), (3, 1, "三级指标"), (4, 1, "预期实现值"),
             (5, 1, "实际完成值"), (6, 1, "分值"), (7, 2, "自评得分"), (9, 1, "未完成原因分析及改进措施")]
    for c, span, h in heads:
        s.add(Cell(r, c, h, colspan=span, kind="header", align="center"))
    s.repeat_rows[r] = r + len(inds)
    first = r + 1
    _level_cells(s, inds, first, (1, 2))
    for k, ind in enumerate(inds):
        row = first + k
        s.add(Cell(row, 3, ind["name"], field=f"indicators[{k}].name"))
        s.add(Cell(row, 4, ind["target"], field=f"indicators[{k}].target", align="center"))
        s.add(Cell(row, 5, ind["actual"], field=f"indicators[{k}].actual", align="center"))
        s.add(Cell(row, 6, ind["weight"], field=f"indicators[{k}].weight", align="center"))
        s.add(Cell(row, 7, ind["score"], colspan=2, field=f"indicators[{k}].score", align="center"))
        s.add(Cell(row, 9, printed(ind.get("note")), field=f"indicators[{k}].note"))
    r = first + len(inds)
    s.add(Cell(r, 0, "总分", colspan=6, kind="label", align="center"))
    s.add(Cell(r, 6, total_weight(form), align="center"))
    s.add(Cell(r, 7, f"{total_score(form):.2f}", colspan=2, field="total_score", align="center"))
    s.add(Cell(r, 9, ""))
    for label, key in (("自评结论", "conclusion"), ("存在问题", "problems"), ("改进措施", "improvements")):
        r += 1
        s.add(Cell(r, 0, label, kind="label", align="center"))
        s.add(Cell(r, 1, form[key], colspan=n - 1, field=key))
    s.footer = _signatures(form, skip=1)
    return s
