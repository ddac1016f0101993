"""Printed tables (grid.Sheet) and truth documents of the project-layout samples."""
from grid import Cell, Sheet, printed
from project_forms import total_score
from variant_sheets import _level_cells, _signatures, total_weight, truth_of as variant_truth

FUND_HEADS = [("年初预算数", "initial_budget"), ("全年预算数", "full_year_budget"), ("全年执行数", "actual"),
              ("分值", "weight"), ("执行率", "execution_rate"), ("得分", "score")]


def truth_of(form):
    doc = variant_truth(form)
    doc["total_score"] = float(total_score(form))
    return doc


def sheet_of(form):
    return {"nat_project": nat_project_sheet, "goal_project": goal_project_sheet}[form["layout"]](form)


def _fund_text(f, k):
    return f[f"{k}_text"] if k in ("weight", "score") else printed(f[k])


def _source_label(source, lines):
    """上年结转资金 right-aligned with its first character alone on the top line, as WPS
    wraps it: `上` / `年结转资金`, or over three lines `上` / `年结转` / `资金`."""
    if source == "上年结转资金":
        return "上\n年结转\n资金" if lines == 3 else "上\n年结转资金"
    return source


def nat_project_sheet(form):
    """The national 项目支出绩效自评表 as 决算 bundles print it: a narrow first column whose
    labels wrap one character per line, money sources right-aligned under 年度资金总额."""
    s = Sheet(form["title"], f"（{form['year']}年度）", "", f"单位：{form['unit']}",
              form.get("widths", [0.3, 1.3, 0.9, 1.9, 1.15, 1.15, 0.7, 0.75, 1.9]))
    n = len(s.widths)
    r = 0
    s.add(Cell(r, 0, "项目名称", colspan=2, kind="label", align="center"))
    s.add(Cell(r, 2, form["project"], colspan=n - 2, field="project", align="center"))
    r += 1
    s.add(Cell(r, 0, "主管部门", colspan=2, kind="label", align="center"))
    s.add(Cell(r, 2, form["supervisor"], colspan=2, field="supervisor", align="center"))
    s.add(Cell(r, 4, "实施单位", kind="label", align="center"))
    s.add(Cell(r, 5, form["implementer"], colspan=n - 5, field="implementer", align="center"))
    r += 1
    funds = form["funds"]
    s.add(Cell(r, 0, "项目资金（万元）", rowspan=1 + len(funds), kind="label", align="center"))
    s.add(Cell(r, 1, "", colspan=2, kind="header"))
    for c, (h, _) in enumerate(FUND_HEADS, start=3):
        s.add(Cell(r, c, h, kind="header", align="center"))
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, _source_label(f["source"], form.get("carried_lines", 2)), colspan=2, align="center" if i == 0 else "right"))
        for c, (_, k) in enumerate(FUND_HEADS, start=3):
            s.add(Cell(r, c, _fund_text(f, k), field=f"funds[{i}].{k}", align="center"))
    r += 1
    s.add(Cell(r, 0, "年度总体目标", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, "预期目标", colspan=4, kind="header", align="center"))
    s.add(Cell(r, 5, "实际完成情况", colspan=n - 5, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, form["goal"]["expected"], colspan=4, field="goal.expected"))
    s.add(Cell(r, 5, form["goal"]["achieved"], colspan=n - 5, field="goal.achieved"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=1 + len(inds), kind="label", align="center",
               merge_name=f"绩效指标 (label column: header row + indicators[0-{len(inds) - 1}])"))
    heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施"]
    for c, h in enumerate(heads, start=1):
        s.add(Cell(r, c, h, kind="header", align="center"))
    s.repeat_rows[r] = r + len(inds)
    first = r + 1
    _level_cells(s, inds, first, (1, 2))
    _indicator_cells(s, inds, first)
    r = first + len(inds)
    s.add(Cell(r, 0, "总分", colspan=6, kind="label", align="center"))
    s.add(Cell(r, 6, total_weight(form), align="center"))
    s.add(Cell(r, 7, f"{total_score(form):.2f}", field="total_score", align="center"))
    s.add(Cell(r, 8, ""))
    return s


def _indicator_cells(s, inds, first, score_span=1):
    for k, i in enumerate(inds):
        row = first + k
        s.add(Cell(row, 3, i["name"], field=f"indicators[{k}].name"))
        s.add(Cell(row, 4, i.get("printed_target", i["target"]), field=f"indicators[{k}].target",
                   align="center"))
        s.add(Cell(row, 5, i["actual"], field=f"indicators[{k}].actual", align="center"))
        s.add(Cell(row, 6, i["weight"], field=f"indicators[{k}].weight", align="center"))
        s.add(Cell(row, 7, i["score"], colspan=score_span, field=f"indicators[{k}].score", align="center"))
        s.add(Cell(row, 7 + score_span, printed(i.get("note")), field=f"indicators[{k}].note"))


def goal_project_sheet(form):
    """A project form with 年度总体目标完成情况 over 预期目标（年初设定） | 实际完成情况,
    项目负责人 in the table, the 其中 money row repeating the total's 分值 and 得分."""
    s = Sheet(form["title"], f"（{form['year']}年度）", "", f"单位：{form['unit']}",
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
    for (c, span), (h, _) in zip(cols, FUND_HEADS):
        s.add(Cell(r, c, h, colspan=span, kind="header", align="center"))
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, f["source"], colspan=2, align="center"))
        for (c, span), (_, k) in zip(cols, FUND_HEADS):
            s.add(Cell(r, c, _fund_text(f, k), colspan=span, field=f"funds[{i}].{k}", align="center"))
    r += 1
    s.add(Cell(r, 0, "年度总体目标完成情况", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, "预期目标（年初设定）", colspan=4, kind="header", align="center"))
    s.add(Cell(r, 5, "实际完成情况", colspan=n - 5, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, form["goal"]["expected"], colspan=4, field="goal.expected"))
    s.add(Cell(r, 5, form["goal"]["achieved"], colspan=n - 5, field="goal.achieved"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=1 + len(inds), kind="label", align="center",
               merge_name=f"绩效指标 (label column: header row + indicators[0-{len(inds) - 1}])"))
    heads = [(1, 1, "一级指标"), (2, 1, "二级指标"), (3, 1, "三级指标"), (4, 1, "年度指标值"),
             (5, 1, "实际完成值"), (6, 1, "分值"), (7, 2, "得分"), (9, 1, "偏差原因分析及改进措施")]
    for c, span, h in heads:
        s.add(Cell(r, c, h, colspan=span, kind="header", align="center"))
    s.repeat_rows[r] = r + len(inds)
    first = r + 1
    _level_cells(s, inds, first, (1, 2))
    _indicator_cells(s, inds, first, score_span=2)
    r = first + len(inds)
    s.add(Cell(r, 0, "总分", colspan=6, kind="label", align="center"))
    s.add(Cell(r, 6, total_weight(form), align="center"))
    s.add(Cell(r, 7, f"{total_score(form):.2f}", colspan=2, field="total_score", align="center"))
    s.add(Cell(r, 9, ""))
    s.footer = _signatures(form, skip=1)
    return s
