"""Contents of the department layouts seen in real archives, as printed text.

Two layouts: the Fujian 部门整体绩效自评表 (funds over formula columns ①–⑦,
总分值、评价总分 (S), 评价等级) and a 部门整体支出绩效自评表 whose first page is a
年度主要任务完成情况 grid with money per task and whose second page, untitled,
holds the goals and the indicators. Amounts are strings as printed; rates and
scores are computed here so the forms' arithmetic holds.
"""
import random
from decimal import Decimal, ROUND_HALF_UP

from forms import money

CENT = Decimal("0.01")


def q2(d):
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def amount(d, commas):
    d = q2(d)
    return f"{d:,.2f}" if commas else f"{d:.2f}"


def rate(num, den):
    return f"{q2(num * 100 / den)}" if den else ""


# ---- Fujian 部门整体绩效自评表 ----

def fujian_funds(rows, weight):
    """rows: (source, initial, adjustment, paid) for 财政①②③ and 其他; returns printed rows
    合计 / 财政资金小计 / ①② ③ / 其他资金小计 with 小计 ③=①+②, ⑤=④/③, ⑥=③-④, ⑦=⑥/③."""
    fin, other = rows[:3], rows[3]

    def line(source, i, a, p):
        sub = i + a
        return {"source": source, "initial": i, "adjustment": a, "subtotal": sub, "paid": p,
                "rate": (p * 100 / sub) if sub else None, "left": sub - p,
                "left_rate": ((sub - p) * 100 / sub) if sub else None}

    parsed = [(s, money(i), money(a), money(p)) for s, i, a, p in rows]
    fin_sum = [sum(r[k] for r in parsed[:3]) for k in (1, 2, 3)]
    total = [fin_sum[k] + parsed[3][k + 1] for k in range(3)]
    out = [line("合计", *total), line("财政资金小计", *fin_sum)]
    out += [line(s, i, a, p) for s, i, a, p in parsed[:3]]
    out.append(line("其他资金小计", *parsed[3][1:]))
    del fin, other
    for n, r in enumerate(out):
        r["weight"] = str(weight) if n == 0 else None
        r["score"] = str(q2(Decimal(weight) * q2(r["rate"]) / 100)) if n == 0 else None
    return out


NANPING = {
    "id": "fj-dept-jianyang-nyj-2023",
    "layout": "fujian_dept",
    "style": "formula_row",
    "form": "department_overall",
    "title": "部门整体绩效自评表",
    "year": 2023,
    "special": "2023年度部门整体支出",
    "entity": "南平市建阳区农业农村局",
    "code": "412001",
    "unit": "万元",
    "funds": fujian_funds([
        ("①中央财政资金", "1856.40", "312.00", "2101.35"),
        ("②省级财政资金", "962.80", "-45.20", "903.16"),
        ("③地方财政资金", "3318.65", "186.34", "3427.90"),
        ("其他资金小计", "120.00", "0.00", "96.50"),
    ], 10),
    "goal": {
        "expected": "落实粮食安全党政同责，全年粮食播种面积稳定在25.6万亩以上；新建高标准农田1.8万亩；推进建阳桔柚、茶叶等特色产业提质增效；巩固拓展脱贫攻坚成果，持续改善农村人居环境，完成农村公厕提升改造30座。",
        "achieved": "全年粮食播种面积25.92万亩，总产10.4万吨；新建高标准农田1.86万亩；建成茶叶生态茶园示范基地6个，桔柚标准化果园新增2200亩；脱贫户人均纯收入同比增长12.3%，未发生规模性返贫；完成农村公厕提升改造31座。",
    },
    # 产出指标 printed last, as the Fujian form prints it; actuals with no units.
    "indicators": [
        {"l1": "效益指标", "l2": "经济效益", "name": "脱贫户人均纯收入增幅", "target": "≥10%", "actual": "12.3", "weight": "10", "score": "10"},
        {"l1": "效益指标", "l2": "社会效益", "name": "未发生规模性返贫", "target": "0户", "actual": "0", "weight": "8", "score": "8"},
        {"l1": "效益指标", "l2": "生态效益", "name": "化肥农药使用量", "target": "较上年减少", "actual": "减少2.1%", "weight": "6", "score": "6"},
        {"l1": "效益指标", "l2": "可持续影响", "name": "农田设施管护机制", "target": "长效", "actual": "基本建立", "weight": "6", "score": "5",
         "note": "部分乡镇管护经费未落实到位，下一步将落实村级管护主体和经费来源。"},
        {"l1": "满意度指标", "l2": "服务对象满意度", "name": "农户满意度", "target": "≥90%", "actual": "95.6", "weight": "10", "score": "10"},
        {"l1": "产出指标", "l2": "数量指标", "name": "粮食播种面积", "target": "≥25.6万亩", "actual": "25.92", "weight": "10", "score": "10"},
        {"l1": "产出指标", "l2": "数量指标", "name": "新建高标准农田面积", "target": "≥1.8万亩", "actual": "1.86", "weight": "10", "score": "10"},
        {"l1": "产出指标", "l2": "数量指标", "name": "农村公厕提升改造数量", "target": "30座", "actual": "31", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "质量指标", "name": "农产品质量安全抽检合格率", "target": "≥98%", "actual": "99.1", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "时效指标", "name": "补贴资金兑付及时率", "target": "100%", "actual": "96", "weight": "7", "score": "6",
         "note": "个别乡镇耕地地力保护补贴面积核实滞后，兑付延迟；将提前开展面积核实。"},
        {"l1": "产出指标", "l2": "成本指标", "name": "高标准农田亩均建设成本", "target": "≤3000元", "actual": "2950", "weight": "7", "score": "7"},
    ],
    "grade": "优（S≧90）",
    "contacts": [("填表人", "黄建华", "0599-5822316")],
    "date": "2024年3月18日",
}

LONGHAI = {
    "id": "fj-dept-longhai-wjj-2022",
    "layout": "fujian_dept",
    "style": "inline_marks",
    "form": "department_overall",
    "title": "部门整体绩效自评表",
    "year": 2022,
    "special": "部门整体支出",
    "entity": "漳州市龙海区卫生健康局",
    "code": "376015",
    "unit": "万元",
    "funds": fujian_funds([
        ("①中央财政资金", "2240.00", "186.52", "2398.70"),
        ("②省级财政资金", "1425.36", "0.00", "1402.18"),
        ("③地方财政资金", "8650.12", "-312.40", "8190.55"),
        ("其他资金小计", "0.00", "0.00", "0.00"),
    ], 20),
    "goal": {
        "expected": "巩固国家卫生城市创建成果，深化紧密型县域医共体建设；做实基本公共卫生服务，家庭医生重点人群签约率达到75%以上；完成区医院门急诊综合楼主体工程；落实常态化疫情防控和重大传染病防治。",
        "achieved": "医共体总院对12家乡镇卫生院实行统一管理；家庭医生重点人群签约率77.8%；区医院门急诊综合楼主体工程完工；全年法定传染病报告及时率100%，未发生突发公共卫生事件。",
    },
    "indicators": [
        {"l1": "效益指标", "l2": "社会效益", "name": "居民健康素养水平", "target": "≥25%", "actual": "26.4", "weight": "15", "score": "15"},
        {"l1": "效益指标", "l2": "社会效益", "name": "突发公共卫生事件发生数", "target": "0起", "actual": "0", "weight": "8", "score": "8"},
        {"l1": "效益指标", "l2": "可持续影响", "name": "基层医疗服务能力", "target": "持续提升", "actual": "提升", "weight": "6", "score": "6"},
        {"l1": "满意度指标", "l2": "服务对象满意度", "name": "群众就医满意度", "target": "≥85%", "actual": "91.2", "weight": "13", "score": "13"},
        {"l1": "产出指标", "l2": "数量指标", "name": "家庭医生重点人群签约率", "target": "≥75%", "actual": "77.8", "weight": "10", "score": "10"},
        {"l1": "产出指标", "l2": "数量指标", "name": "65岁以上老年人健康管理人数", "target": "≥4.2万人", "actual": "3.96", "weight": "8", "score": "6",
         "note": "部分老人外出随子女居住，体检组织难度较大；将推行预约上门服务。"},
        {"l1": "产出指标", "l2": "质量指标", "name": "孕产妇系统管理率", "target": "≥90%", "actual": "93.5", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "时效指标", "name": "法定传染病报告及时率", "target": "100%", "actual": "100", "weight": "6", "score": "6"},
        {"l1": "产出指标", "l2": "成本指标", "name": "基本公卫人均补助", "target": "84元", "actual": "84", "weight": "6", "score": "6"},
    ],
    "grade": "优（S≧90）",
    "contacts": [("填表人", "林秀珍", "0596-6552310"), ("审核人", "郑志明", None)],
    "date": "2023年4月6日",
}


# ---- 部门整体支出绩效自评表 with a 年度主要任务完成情况 grid ----

def task_rows(tasks, seed, weight_each):
    """tasks: (name, content, done, budget, other_share): money split 财政拨款 / 其他资金,
    executed 90–100%; rates and scores computed; commas on every other amount."""
    rng = random.Random(seed)
    out = []
    for n, (name, content, done, budget) in enumerate(tasks):
        total = money(budget)
        other = q2(total * Decimal(rng.choice([0, 0, 0, 5, 10, 20])) / 100)
        fin = total - other
        share = Decimal(rng.randint(900, 1000)) / 1000
        ex_fin, ex_other = q2(fin * share), q2(other * share)
        ex_total = ex_fin + ex_other
        r = q2(ex_total * 100 / total)
        w = Decimal(weight_each)
        score = q2(w * r / 100)
        commas = n % 2 == 0
        out.append({
            "name": name, "content": content, "done": done,
            "budget": [amount(total, commas), amount(fin, commas), amount(other, not commas)],
            "spent": [amount(ex_total, not commas), amount(ex_fin, commas), amount(ex_other, commas)],
            "weight": str(weight_each), "rate": f"{r}%", "score": f"{score}",
        })
    return out


def grid_total(rows):
    sums = []
    for part in ("budget", "spent"):
        sums.append([sum(money(r[part][k]) for r in rows) for k in range(3)])
    r = q2(sums[1][0] * 100 / sums[0][0])
    weight = sum(Decimal(r_["weight"]) for r_ in rows)
    score = sum(Decimal(r_["score"]) for r_ in rows)
    return {"budget": [amount(v, True) for v in sums[0]], "spent": [amount(v, False) for v in sums[1]],
            "weight": str(weight), "rate": f"{r}%", "score": str(score)}


QINHUAI_TASKS = [
    ("城乡低保", "按时足额发放城乡低保金，动态调整保障对象", "全年发放低保金，保障3126户4870人", "2856.40"),
    ("特困人员供养", "落实特困人员基本生活和照料护理补贴", "供养特困人员412人，集中供养率46%", "968.20"),
    ("临时救助", "对遭遇突发困难家庭实施临时救助", "实施临时救助1862人次", "312.00"),
    ("残疾人两项补贴", "发放困难残疾人生活补贴和重度残疾人护理补贴", "惠及残疾人9540人，发放率100%", "1420.65"),
    ("居家养老服务", "为符合条件的老年人购买居家养老服务", "服务老年人5620人，满意率96%", "1086.30"),
    ("养老机构运营补贴", "按床位和入住老人数给予运营补贴", "补贴养老机构38家", "645.00"),
    ("社区食堂建设", "新建和提升社区老年助餐点", "新建助餐点12个，提升8个", "420.00"),
    ("适老化改造", "为困难老年人家庭实施适老化改造", "完成改造460户", "276.00"),
    ("孤儿和事实无人抚养儿童保障", "按标准发放基本生活费", "保障儿童186人", "398.52"),
    ("殡葬惠民", "落实基本殡葬服务费用减免", "减免服务4210例", "520.80"),
    ("社区治理", "推进社区工作者职业体系建设和社区减负", "完成社区减负清单梳理，覆盖78个社区", "1680.00"),
    ("社会组织培育", "支持公益创投和社会组织孵化", "立项公益创投项目64个", "230.00"),
    ("地名管理", "规范地名标志设置和地名信息更新", "更新地名标志320块", "85.60"),
    ("婚姻登记服务", "婚姻登记处标准化建设和婚俗改革", "办理婚姻登记8950对", "126.40"),
    ("流浪乞讨人员救助", "开展街面巡查和救助管理", "救助流浪乞讨人员1024人次", "188.00"),
    ("慈善事业", "组织慈善募捐和慈善项目实施", "募集慈善款物2360万元", "150.00"),
    ("退役军人服务保障", "配合做好优抚对象走访慰问", "走访慰问2240人次", "94.20"),
    ("信息化建设", "民政业务系统升级和数据共享", "完成6个业务系统对接", "360.00"),
]

QINHUAI = {
    "id": "dept-grid-qinhuai-mzj-2023",
    "layout": "task_grid_dept",
    "style": "a",
    "form": "department_overall",
    "title": "部门整体支出绩效自评表",
    "year": 2023,
    "entity": "南京市秦淮区民政局",
    "unit": "万元",
    "tasks": task_rows(QINHUAI_TASKS, "qinhuai", 1),
    "goal_heads": ("预期目标", "目标实际完成情况"),
    "goals": [
        "兜住兜牢基本民生底线，城乡低保、特困供养等救助资金按时足额发放",
        "完善养老服务体系，新建社区助餐点12个",
        "推进社区治理体系和治理能力现代化",
        "提升殡葬、婚姻登记等基本社会服务水平",
        "培育发展社会组织和慈善事业",
        "加强民政信息化建设",
    ],
    "achieved": "全年城乡低保、特困供养、临时救助资金发放及时率100%；新建社区助餐点12个、提升8个，完成适老化改造460户；78个社区完成减负清单梳理；婚姻登记、殡葬惠民服务群众满意率均在95%以上；立项公益创投项目64个，募集慈善款物2360万元；6个业务系统实现数据对接。",
    "split_level1": True,
    "indicators": [
        {"l1": "产出指标（50分）", "l2": "数量指标", "name": "城乡低保保障人数", "target": "≥4800人", "actual": "4870人", "weight": "10", "score": "10"},
        {"l1": "产出指标（50分）", "l2": "数量指标", "name": "新建社区助餐点", "target": "12个", "actual": "12个", "weight": "10", "score": "10"},
        {"l1": "产出指标（50分）", "l2": "数量指标", "name": "适老化改造户数", "target": "≥450户", "actual": "460户", "weight": "8", "score": "8"},
        {"l1": "产出指标（50分）", "l2": "质量指标", "name": "救助资金发放准确率", "target": "100%", "actual": "100%", "weight": "8", "score": "8"},
        {"l1": "产出指标（50分）", "l2": "时效指标", "name": "救助资金发放及时率", "target": "100%", "actual": "100%", "weight": "7", "score": "7"},
        {"l1": "产出指标（50分）", "l2": "成本指标", "name": "部门预算执行率", "target": "≥95%", "actual": "96.3%", "weight": "7", "score": "7"},
        {"l1": "效益指标（20分）", "l2": "社会效益指标", "name": "困难群众基本生活保障", "target": "有效保障", "actual": "有效保障", "weight": "10", "score": "10"},
        {"l1": "效益指标（20分）", "l2": "可持续影响指标", "name": "养老服务体系健全程度", "target": "逐步完善", "actual": "基本完善", "weight": "10", "score": "9"},
        {"l1": "满意度指标（12分）", "l2": "服务对象满意度指标", "name": "服务对象满意度", "target": "≥90%", "actual": "95.2%", "weight": "12", "score": "12"},
    ],
    "contacts": [("填表人", "王丽君", "025-52236418"), ("单位负责人", "陈国栋", None)],
    "date": "2024年3月25日",
}

WUHOU_TASKS = [
    ("人民调解", "健全矛盾纠纷多元化解机制", "调解矛盾纠纷6820件，成功率98.6%", "486.00"),
    ("法律援助", "为经济困难群众提供法律援助", "办理法律援助案件1260件", "632.50"),
    ("公共法律服务", "推进公共法律服务实体平台建设", "建成街道工作站13个、社区工作室86个", "1125.80"),
    ("普法宣传", "实施“八五”普法规划", "开展普法活动420场，受众12万人次", "268.00"),
    ("社区矫正", "加强社区矫正对象监督管理", "在册社区矫正对象再犯罪率为0", "358.40"),
    ("安置帮教", "做好刑满释放人员衔接帮教", "衔接率100%，帮教率98%", "96.00"),
    ("行政复议", "规范行政复议案件办理", "办理行政复议案件218件", "145.30"),
    ("法治政府建设", "开展法治政府建设示范创建", "完成示范创建迎检工作", "210.00"),
    ("行政执法监督", "开展行政执法案卷评查", "评查案卷360卷", "78.60"),
    ("律师行业管理", "加强律师事务所年度考核", "完成62家律所年度考核", "42.00"),
    ("司法所建设", "推进司法所规范化建设", "4个司法所完成标准化改造", "820.00"),
    ("智慧司法", "建设智慧矫正和智慧调解平台", "平台上线运行", "540.00"),
    ("法治文化阵地", "建设法治主题公园和法治长廊", "新建法治文化阵地5处", "186.00"),
    ("人民陪审员选任", "协助做好人民陪审员选任管理", "完成选任46名", "35.00"),
    ("基层法律顾问", "推动村（社区）法律顾问全覆盖", "覆盖率100%", "224.00"),
]

WUHOU = {
    "id": "dept-grid-wuhou-sfj-2022",
    "layout": "task_grid_dept",
    "style": "b",
    "form": "department_overall",
    "title": "部门整体支出绩效自评表",
    "year": 2022,
    "entity": "成都市武侯区司法局",
    "unit": "万元",
    "tasks": task_rows(WUHOU_TASKS, "wuhou", 2),
    "goal_heads": ("年初设定目标", "目标实际完成情况"),
    "goals": [
        "矛盾纠纷调解成功率保持在95%以上",
        "法律援助应援尽援，案件质量评查优良率90%以上",
        "公共法律服务平台实现区、街道、社区三级全覆盖",
        "“八五”普法规划年度任务全面完成",
        "社区矫正对象不发生脱管漏管",
        "推进法治政府建设示范创建",
        "司法所规范化建设达标",
        "行政复议案件依法按期办结",
        "刑满释放人员衔接率100%",
        "智慧司法平台上线运行",
    ],
    "achieved": "调解成功率98.6%；法律援助案件质量评查优良率93%；三级公共法律服务平台全覆盖；完成年度普法任务；社区矫正对象无脱管漏管；法治政府建设示范创建通过验收；4个司法所完成标准化改造；行政复议案件全部按期办结；刑满释放人员衔接率100%；智慧矫正平台上线运行。",
    "split_level1": False,
    "indicators": [
        {"l1": "产出指标", "l2": "数量指标", "name": "调解矛盾纠纷件数", "target": "≥6000件", "actual": "6820件", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "数量指标", "name": "法律援助案件数", "target": "≥1200件", "actual": "1260件", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "数量指标", "name": "普法活动场次", "target": "≥400场", "actual": "420场", "weight": "6", "score": "6"},
        {"l1": "产出指标", "l2": "质量指标", "name": "调解成功率", "target": "≥95%", "actual": "98.6%", "weight": "6", "score": "6"},
        {"l1": "产出指标", "l2": "时效指标", "name": "行政复议按期办结率", "target": "100%", "actual": "100%", "weight": "6", "score": "6"},
        {"l1": "效益指标", "l2": "社会效益指标", "name": "社区矫正对象再犯罪率", "target": "≤0.2%", "actual": "0", "weight": "10", "score": "10"},
        {"l1": "效益指标", "l2": "可持续影响指标", "name": "公共法律服务体系", "target": "健全", "actual": "基本健全", "weight": "8", "score": "7",
         "note": "部分社区工作室值班律师不足，将增加购买服务。"},
        {"l1": "满意度指标", "l2": "服务对象满意度指标", "name": "群众满意度", "target": "≥90%", "actual": "94.5%", "weight": "18", "score": "18"},
    ],
    "contacts": [("填表人", "张晓燕", "028-85073316")],
    "date": "2023年3月30日",
}

FORMS = [NANPING, LONGHAI, QINHUAI, WUHOU]
