"""The printed table of a form as a grid of cells, shared by every renderer.

A Sheet holds the lines printed above the table (title, year, unit line), the
table cells with their spans, and the lines below it (contacts). Each cell
knows the truth field it shows (a score.py path such as `tasks[0].expected`)
so renderers can report which fields a page break cut.
"""
from dataclasses import dataclass, field as dc_field

from truth import total_score, total_weight


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "value"          # "label" (bold row label), "header" (bold column head), "value"
    field: str | None = None     # truth path this cell prints
    align: str = "left"          # "left" or "center"
    merge_name: str | None = None  # how a merged cell is named in manifest merged_across_break


@dataclass
class Sheet:
    title: str
    subtitle: str
    head_left: str
    head_right: str
    widths: list                 # relative column widths
    cells: list = dc_field(default_factory=list)
    nrows: int = 0
    repeat_rows: dict = dc_field(default_factory=dict)  # header row → last row of its section; repeated after a break
    footer: list = dc_field(default_factory=list)     # (label, value) pairs printed under the table

    def add(self, cell):
        self.cells.append(cell)
        self.nrows = max(self.nrows, cell.row + cell.rowspan)
        return cell


def printed(value):
    """How a possibly-missing printed value appears in a cell."""
    return "" if value is None else value


def sheet_of(form):
    if form["template"] == "gz_dept":
        return _gz_sheet(form)
    return _project_sheet(form)


def _gz_sheet(form):
    s = Sheet(form["title"], f"（{form['year']}年度）", "部门名称（盖章）：", f"单位：{form['unit']}",
              [1.0, 1.9, 2.1, 1.5, 1.7, 1.15, 1.1, 1.15])
    r = 0
    s.add(Cell(r, 0, "部门名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["entity"], colspan=7, field="entity"))
    r += 1
    funds = form["funds"]
    s.add(Cell(r, 0, "部门资金情况", rowspan=1 + len(funds), kind="label", align="center"))
    heads = ["资金来源", "整体支出年初预算数", "整体支出预算调整数", "整体年度实际支出数", "预算完成率", "预算调整率"]
    s.add(Cell(r, 1, heads[0], colspan=2, kind="header", align="center"))
    for c, h in enumerate(heads[1:], start=3):
        s.add(Cell(r, c, h, kind="header", align="center"))
    keys = ["initial_budget", "adjustment", "actual", "execution_rate", "adjustment_rate"]
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, f["source"], colspan=2, align="center"))
        for c, k in enumerate(keys, start=3):
            s.add(Cell(r, c, printed(f[k]), field=f"funds[{i}].{k}", align="center"))
    r += 1
    s.add(Cell(r, 0, "年度目标", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, "部门整体支出的预期目标", colspan=3, kind="header", align="center"))
    s.add(Cell(r, 4, "部门整体支出的目标完成情况", colspan=4, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, form["goal"]["expected"], colspan=3, field="goal.expected"))
    s.add(Cell(r, 4, form["goal"]["achieved"], colspan=4, field="goal.achieved"))
    r += 1
    heads = ["主要任务", "年初预期目标", "目标完成情况", "关键指标", "计算公式或指标内容", "预期实现值",
             "指标完成情况", "任务涉及资金"]
    for c, h in enumerate(heads):
        s.add(Cell(r, c, h, kind="header", align="center"))
    s.repeat_rows[r] = r + sum(len(t["indicators"]) for t in form["tasks"])
    k = 0
    for t, task in enumerate(form["tasks"]):
        r += 1
        n = len(task["indicators"])
        merge = f"tasks[{t}] (任务/年初预期目标/目标完成情况/任务涉及资金, rows {k}-{k + n - 1})"
        s.add(Cell(r, 0, f"任务{t + 1}", rowspan=n, kind="label", align="center",
                   field=f"tasks[{t}].no", merge_name=merge))
        s.add(Cell(r, 1, task["expected"], rowspan=n, field=f"tasks[{t}].expected", merge_name=merge))
        s.add(Cell(r, 2, task["achieved"], rowspan=n, field=f"tasks[{t}].achieved", merge_name=merge))
        s.add(Cell(r, 7, task["funds"], rowspan=n, field=f"tasks[{t}].funds", align="center",
                   merge_name=merge))
        for j, (name, formula, target, actual) in enumerate(task["indicators"]):
            row = r + j
            s.add(Cell(row, 3, name, field=f"indicators[{k}].name"))
            s.add(Cell(row, 4, formula, field=f"indicators[{k}].formula"))
            s.add(Cell(row, 5, target, field=f"indicators[{k}].target", align="center"))
            s.add(Cell(row, 6, actual, field=f"indicators[{k}].actual", align="center"))
            k += 1
        r += n - 1
    r += 1
    s.add(Cell(r, 0, "存在问题", kind="label", align="center"))
    s.add(Cell(r, 1, form["problems"], colspan=7, field="problems"))
    r += 1
    s.add(Cell(r, 0, "改进措施", kind="label", align="center"))
    s.add(Cell(r, 1, form["improvements"], colspan=7, field="improvements"))
    s.footer = _contacts(form)
    return s


def _project_sheet(form):
    s = Sheet(form["title"], f"（{form['year']}年度）", "", f"单位：{form['unit']}",
              [1.0, 1.2, 1.2, 1.9, 1.1, 1.1, 0.8, 1.1, 2.1])
    r = 0
    s.add(Cell(r, 0, "项目名称", kind="label", align="center"))
    s.add(Cell(r, 1, form["project"], colspan=8, field="project"))
    r += 1
    s.add(Cell(r, 0, "主管部门", kind="label", align="center"))
    s.add(Cell(r, 1, form["supervisor"], colspan=3, field="supervisor"))
    s.add(Cell(r, 4, "实施单位", colspan=2, kind="label", align="center"))
    s.add(Cell(r, 6, form["implementer"], colspan=3, field="implementer"))
    r += 1
    funds = form["funds"]
    s.add(Cell(r, 0, "项目资金（万元）", rowspan=1 + len(funds), kind="label", align="center"))
    s.add(Cell(r, 1, "", colspan=2, kind="header"))
    heads = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    for c, h in enumerate(heads, start=3):
        s.add(Cell(r, c, h, kind="header", align="center"))
    keys = ["initial_budget", "full_year_budget", "actual", "weight", "execution_rate", "score"]
    for i, f in enumerate(funds):
        r += 1
        s.add(Cell(r, 1, f["source"], colspan=2, align="center"))
        empty_row = all(f[k] is None for k in keys)
        for c, k in enumerate(keys, start=3):
            text = printed(f[k])
            if f[k] is None and k in ("weight", "score") and not empty_row:
                text = "—"
            s.add(Cell(r, c, text, field=f"funds[{i}].{k}", align="center"))
    r += 1
    s.add(Cell(r, 0, "年度总体目标", rowspan=2, kind="label", align="center"))
    s.add(Cell(r, 1, "预期目标", colspan=4, kind="header", align="center"))
    s.add(Cell(r, 5, "实际完成情况", colspan=4, kind="header", align="center"))
    r += 1
    s.add(Cell(r, 1, form["goal"]["expected"], colspan=4, field="goal.expected"))
    s.add(Cell(r, 5, form["goal"]["achieved"], colspan=4, field="goal.achieved"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=1 + len(inds), kind="label", align="center",
               merge_name=f"绩效指标 (label column: header row + indicators[0-{len(inds) - 1}])"))
    heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施"]
    for c, h in enumerate(heads, start=1):
        s.add(Cell(r, c, h, kind="header", align="center"))
    s.repeat_rows[r] = r + len(form["indicators"])
    first = r + 1
    for level, col in ((0, 1), (1, 2)):
        for a, b in _runs([tuple(i[:level + 1]) for i in inds]):
            name = f"indicators[{a}-{b}].level{level + 1}"
            s.add(Cell(first + a, col, inds[a][level], rowspan=b - a + 1, align="center",
                       field=f"indicators[{a}].level{level + 1}", merge_name=name))
    for k, (_, _, name, target, actual, weight, score, note) in enumerate(inds):
        row = first + k
        s.add(Cell(row, 3, name, field=f"indicators[{k}].name"))
        s.add(Cell(row, 4, target, field=f"indicators[{k}].target", align="center"))
        s.add(Cell(row, 5, actual, field=f"indicators[{k}].actual", align="center"))
        s.add(Cell(row, 6, weight, field=f"indicators[{k}].weight", align="center"))
        s.add(Cell(row, 7, score, field=f"indicators[{k}].score", align="center"))
        s.add(Cell(row, 8, printed(note), field=f"indicators[{k}].note"))
    r = first + len(inds)
    s.add(Cell(r, 0, "总分", colspan=6, kind="label", align="center"))
    s.add(Cell(r, 6, total_weight(form), align="center"))
    s.add(Cell(r, 7, _total_text(form), field="total_score", align="center"))
    s.add(Cell(r, 8, ""))
    s.footer = _contacts(form)
    return s


def _total_text(form):
    return f"{total_score(form):.2f}"


def _runs(keys):
    """Index ranges [a, b] of consecutive equal keys (cells merged down)."""
    out, a = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[a]:
            out.append((a, i - 1))
            a = i
    return out


def _contacts(form):
    pairs = []
    for i, (role, name, phone) in enumerate(form["contacts"]):
        pairs.append((f"{role}：", name, f"contacts[{i}].name"))
        pairs.append(("联系电话：", phone, f"contacts[{i}].phone"))
    return pairs
