"""Truth JSON (evalform/1) derived from a form description in forms.py."""
from decimal import Decimal

FUND_KEYS = ("initial_budget", "adjustment", "full_year_budget", "actual",
             "execution_rate", "adjustment_rate", "weight", "score")


def number(printed):
    """The JSON number for a printed amount or rate; blank and '/' cells are null."""
    if printed is None:
        return None
    s = printed.replace(",", "").rstrip("%").strip()
    if s in ("", "/", "-", "—"):
        return None
    d = Decimal(s)
    return int(d) if d == d.to_integral_value() and "." not in s else float(s)


def truth_of(form):
    """Build the expected evalform/1 document for one form description."""
    doc = {
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
        "indicators": [],
        "problems": form.get("problems"),
        "improvements": form.get("improvements"),
        "total_score": None,
        "contacts": [{"role": r, "name": n, "phone": p} for r, n, p in form["contacts"]],
    }
    if form["template"] == "gz_dept":
        for no, task in enumerate(form["tasks"], start=1):
            doc["tasks"].append({"no": no, "name": None, "expected": task["expected"],
                                 "achieved": task["achieved"], "funds": number(task["funds"])})
            for name, formula, target, actual in task["indicators"]:
                doc["indicators"].append(_indicator(no, None, None, name, formula, target,
                                                    actual, None, None, None))
    else:
        for l1, l2, name, target, actual, weight, score, note in form["indicators"]:
            doc["indicators"].append(_indicator(None, l1, l2, name, None, target, actual,
                                                number(weight), number(score), note))
        doc["total_score"] = total_score(form)
    return doc


def total_score(form):
    """总分 = 资金执行得分 + 各指标得分 (what the form prints on its 总分 row)."""
    parts = [Decimal(form["funds"][0]["score"])]
    parts += [Decimal(i[6]) for i in form["indicators"]]
    return float(sum(parts))


def total_weight(form):
    """The 分值 column total printed on the 总分 row."""
    parts = [Decimal(form["funds"][0]["weight"])] + [Decimal(i[5]) for i in form["indicators"]]
    return str(sum(parts))


def _indicator(task, l1, l2, name, formula, target, actual, weight, score, note):
    return {"task": task, "level1": l1, "level2": l2, "name": name, "formula": formula,
            "target": target, "actual": actual, "weight": weight, "score": score, "note": note}
