"""Contents of the layout-variant sample forms, as printed text.

Amounts and rates are strings as printed; the truth JSON is derived from them
(truth.number). Rates are computed here: 执行率 = 执行数 / 全年预算数 (调整后预算数),
得分 = 分值 × 执行率 on the 年度资金总额 row, 总分 = 资金得分 + Σ 指标得分.
"""
from decimal import Decimal, ROUND_HALF_UP

from forms import money, pct

CENT = Decimal("0.01")


def funds_rows(rows, weight, blank_other="—"):
    """Rows (source, initial, full_year, actual) → printed rows; the first row is the total.

    执行率 = 执行数 / 全年预算数, or / 年初预算数 when the form has no 全年预算数
    (full_year None). The total row carries 分值 and 得分 = 分值 × 执行率; the
    detail rows print `blank_other` there (null in the truth).
    """
    total = rows[0]
    for k in (1, 2, 3):
        if total[k] is not None:
            assert money(total[k]) == sum(money(r[k]) for r in rows[1:]), (total, k)
    out = []
    for n, (source, initial, full_year, actual) in enumerate(rows):
        base = money(full_year if full_year is not None else initial)
        row = {"source": source, "initial_budget": initial, "full_year_budget": full_year,
               "actual": actual, "execution_rate": pct(money(actual), base),
               "weight": None, "score": None, "weight_text": blank_other, "score_text": blank_other}
        if n == 0:
            score = Decimal(weight) * money(actual) / base
            row["weight"] = row["weight_text"] = str(weight)
            row["score"] = row["score_text"] = str(score.quantize(CENT, rounding=ROUND_HALF_UP))
        out.append(row)
    return out


def check_weights(form, indicator_weight):
    weights = sum(Decimal(i["weight"]) for i in form["indicators"])
    assert weights == indicator_weight, (form["id"], weights)


# ---- a. national department-overall layout (财政部 2020) ----

JUNSHAN = {
    "id": "nat-dept-junshan-nyj-2022",
    "layout": "national_dept",
    "form": "department_overall",
    "title": "部门整体支出绩效自评表",
    "year": 2022,
    "entity": "岳阳市君山区农业农村局",
    "unit": "万元",
    "funds": funds_rows([
        ("年度资金总额", "4862.35", "5512.90", "5333.03"),
        ("其中：基本支出", "1286.40", "1302.18", "1298.66"),
        ("项目支出", "3575.95", "4210.72", "4034.37"),
    ], 10),
    "goal": {
        "expected": "全面落实粮食安全党政同责，稳定粮食播种面积和产量；新建高标准农田3.2万亩，推进耕地地力保护和化肥农药减量增效；巩固拓展脱贫攻坚成果同乡村振兴有效衔接，守住不发生规模性返贫底线；实施农村人居环境整治提升行动，完成农村户厕改造1200户；加强动物疫病防控和农产品质量安全监管，确保不发生区域性重大动物疫情和重大农产品质量安全事件。",
        "achieved": "2022年，全区粮食播种面积29.1万亩、总产量12.6万吨，均超额完成省市下达任务；新建高标准农田3.35万亩，发放耕地地力保护补贴2317.6万元；脱贫人口务工规模达到1.18万人，未发生规模性返贫；完成农村户厕改造1236户，农村生活垃圾收运处置体系实现行政村全覆盖；春秋两季重大动物疫病集中免疫密度均在93%以上，农产品质量安全例行监测合格率99.2%，全年未发生重大动物疫情和农产品质量安全事件。",
    },
    "indicators": [
        {"l1": "产出指标", "l2": "数量指标", "name": "新建高标准农田面积", "target": "≥3.2万亩", "actual": "3.35万亩", "weight": "10", "score": "10"},
        {"l1": "产出指标", "l2": "数量指标", "name": "粮食播种面积", "target": "≥28.6万亩", "actual": "29.1万亩", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "数量指标", "name": "农村户厕改造数量", "target": "1200户", "actual": "1236户", "weight": "5", "score": "5"},
        {"l1": "产出指标", "l2": "质量指标", "name": "农产品质量安全例行监测合格率", "target": "≥98%", "actual": "99.2%", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "质量指标", "name": "重大动物疫病免疫密度", "target": "≥90%", "actual": "93.6%", "weight": "6", "score": "6"},
        {"l1": "产出指标", "l2": "时效指标", "name": "耕地地力保护补贴发放及时率", "target": "100%", "actual": "100%", "weight": "5", "score": "5"},
        {"l1": "产出指标", "l2": "成本指标", "name": "高标准农田亩均财政投入", "target": "≤3000元/亩", "actual": "2960元/亩", "weight": "5", "score": "5"},
        {"l1": "效益指标", "l2": "经济效益指标", "name": "农村居民人均可支配收入增长率", "target": "≥6.5%", "actual": "6.1%", "weight": "8", "score": "7",
         "note": "受生猪价格下行和夏季持续高温干旱影响，养殖和种植收益下降，增速低于预期。下一步将加快发展稻虾综合种养和特色农产品加工，拓宽农民增收渠道。"},
        {"l1": "效益指标", "l2": "社会效益指标", "name": "脱贫人口务工规模", "target": "≥1.15万人", "actual": "1.18万人", "weight": "8", "score": "8"},
        {"l1": "效益指标", "l2": "生态效益指标", "name": "化肥使用量", "target": "较上年减少", "actual": "较上年减少2.3%", "weight": "7", "score": "7"},
        {"l1": "效益指标", "l2": "可持续影响指标", "name": "农村人居环境整治长效管护机制", "target": "健全", "actual": "基本健全", "weight": "10", "score": "9",
         "note": "部分村户厕后续管护和粪污资源化利用机制尚未完全建立，将制定管护办法，落实村级管护人员和经费。"},
        {"l1": "满意度指标", "l2": "服务对象满意度指标", "name": "农户对农业农村服务满意度", "target": "≥90%", "actual": "95.8%", "weight": "10", "score": "10"},
    ],
    "conclusion": None,
    "contacts": [("单位负责人", "彭建军", None), ("填表人", "刘晓燕", "0730-3312765")],
    "date": "2023年4月12日",
}
check_weights(JUNSHAN, 90)

# The same layout as another county prints it: money by income, no 全年预算数
# column, 预期目标 / 实际完成情况, 全年实际值, 合计, 审核人 in the signature line.
ZHANGGONG = {
    "id": "nat-dept-zhanggong-wjw-2021",
    "layout": "national_dept",
    "form": "department_overall",
    "title": "部门整体支出绩效自评表",
    "year": 2021,
    "entity": "赣州市章贡区卫生健康委员会",
    "unit": "万元",
    "labels": {
        "funds": "年度预算执行情况（万元）",
        "fund_heads": [("年初预算数", "initial_budget"), ("全年执行数", "actual"), ("分值", "weight"),
                       ("执行率", "execution_rate"), ("得分", "score")],
        "goal": ("预期目标", "实际完成情况"),
        "target": "年度指标值", "actual": "全年实际值", "total": "合计",
    },
    "funds": funds_rows([
        ("年度资金总额", "9634.28", None, "9215.06"),
        ("其中：一般公共预算拨款", "8412.60", None, "8106.33"),
        ("政府性基金拨款", "760.00", None, "698.41"),
        ("其他资金", "461.68", None, "410.32"),
    ], 10),
    "goal": {
        "expected": "深化医药卫生体制改革，推进紧密型县域医共体建设；做实基本公共卫生服务和家庭医生签约服务，家庭医生签约服务人数达到8.5万人以上；落实常态化疫情防控措施，加强传染病监测预警和应急处置；推进区人民医院综合楼、5个乡镇卫生院标准化改造项目建设，提升基层医疗卫生服务能力；开展爱国卫生运动和健康章贡行动，居民健康素养水平达到22%以上。",
        "achieved": "2021年，区域医共体牵头医院与14家基层医疗卫生机构实现人员、财务、药品统一管理；家庭医生签约服务8.92万人，重点人群签约率78.6%；新冠疫苗累计接种63.4万剂次，全年未发生聚集性疫情；区人民医院综合楼主体封顶，5个乡镇卫生院标准化改造全部完工并投入使用；居民健康素养水平达到23.6%。65岁及以上老年人健康管理率未达预期。",
    },
    "indicators": [
        {"l1": "产出指标", "l2": "数量指标", "name": "家庭医生签约服务人数", "target": "≥8.5万人", "actual": "8.92万人", "weight": "12", "score": "12"},
        {"l1": "产出指标", "l2": "数量指标", "name": "新冠疫苗接种剂次", "target": "≥60万剂次", "actual": "63.4万剂次", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "质量指标", "name": "孕产妇系统管理率", "target": "≥90%", "actual": "93.7%", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "质量指标", "name": "65岁及以上老年人健康管理率", "target": "≥65%", "actual": "61.8%", "weight": "8", "score": "6",
         "note": "部分老年人外出务工或随子女居住，体检组织难度大；下一步将实行预约体检和上门服务，并将管理率纳入基层机构绩效考核。"},
        {"l1": "产出指标", "l2": "时效指标", "name": "法定传染病报告及时率", "target": "100%", "actual": "100%", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "成本指标", "name": "基本公共卫生服务人均补助标准", "target": "79元/人", "actual": "79元/人", "weight": "5", "score": "5"},
        {"l1": "效益指标", "l2": "社会效益指标", "name": "居民健康素养水平", "target": "≥22%", "actual": "23.6%", "weight": "12", "score": "12"},
        {"l1": "效益指标", "l2": "社会效益指标", "name": "重大突发公共卫生事件", "target": "0起", "actual": "0起", "weight": "8", "score": "8"},
        {"l1": "效益指标", "l2": "可持续影响指标", "name": "基层医疗卫生机构服务能力", "target": "持续提升", "actual": "持续提升", "weight": "9", "score": "9"},
        {"l1": "满意度指标", "l2": "服务对象满意度指标", "name": "群众就医满意度", "target": "≥85%", "actual": "90.2%", "weight": "12", "score": "12"},
    ],
    "conclusion": None,
    "contacts": [("填表人", "钟丽萍", "0797-8126503"), ("审核人", "曾庆华", None), ("单位负责人", "刘卫东", None)],
}
check_weights(ZHANGGONG, 90)


# ---- b. another province's project layout: target over 指标性质 / 指标值 / 度量单位 ----

NANHU = {
    "id": "prov-proj-nanhu-xsgz-2022",
    "layout": "prov_project",
    "form": "project",
    "title": "部门预算项目支出绩效自评表",
    "report_no": "报表编号：330402-2022-JY-0137",
    "year": 2022,
    "project": "2022年中小学校舍维修改造及校园安全提升工程",
    "supervisor": "嘉兴市南湖区教育体育局",
    "implementer": "南湖区教育后勤服务中心、区属各中小学校",
    "unit": "万元",
    "funds": funds_rows([
        ("年度资金总额", "2680.00", "2856.40", "2741.62"),
        ("其中：财政拨款", "2480.00", "2656.40", "2569.18"),
        ("其他资金", "200.00", "200.00", "172.44"),
    ], 10, blank_other=""),
    "goal": {
        "expected": "对区属14所中小学校的老旧校舍实施维修改造，完成屋面防水、外立面修缮、门窗更换和供电线路改造18000平方米以上；完善校园视频监控、一键报警和消防设施，实现校园安全技防设施达标全覆盖；工程质量验收合格率100%，保障暑期结束前完工，确保秋季正常开学。",
        "achieved": "全年完成14所学校校舍维修改造18650平方米，更换老化供电线路42.6公里，新增和改造视频监控点位1126个、一键报警装置168套，区属学校安全技防设施全部达标；13所学校改造工程在秋季开学前完工，1所学校因追加抗震加固内容于10月底完工；全部工程验收合格，师生和家长对校园环境改善满意度较高。",
    },
    "indicators": [
        {"l1": "产出指标（50分）", "l2": "数量指标", "name": "校舍维修改造面积", "kind": "≥", "value": "18000", "unit": "平方米", "actual": "18650", "weight": "10", "score": "10"},
        {"l1": "产出指标（50分）", "l2": "数量指标", "name": "改造学校数量", "kind": "=", "value": "14", "unit": "所", "actual": "14", "weight": "8", "score": "8"},
        {"l1": "产出指标（50分）", "l2": "数量指标", "name": "新增改造视频监控点位", "kind": "≥", "value": "1000", "unit": "个", "actual": "1126个", "weight": "6", "score": "6"},
        {"l1": "产出指标（50分）", "l2": "质量指标", "name": "工程验收合格率", "kind": "=", "value": "100", "unit": "%", "actual": "100%", "weight": "10", "score": "10"},
        {"l1": "产出指标（50分）", "l2": "时效指标", "name": "秋季开学前完工率", "kind": "≥", "value": "95", "unit": "%", "actual": "92.9%", "weight": "8", "score": "7",
         "note": "1所学校在施工中发现主体结构需抗震加固，追加工程内容后工期延长至10月底；今后将在项目前期做好房屋安全鉴定。"},
        {"l1": "产出指标（50分）", "l2": "成本指标", "name": "校舍改造单位面积成本", "kind": "≤", "value": "1200", "unit": "元/平方米", "actual": "1143元/平方米", "weight": "8", "score": "8"},
        {"l1": "效益指标（30分）", "l2": "社会效益指标", "name": "学校办学条件", "kind": "定性", "value": "明显改善", "unit": "", "actual": "明显改善", "weight": "10", "score": "10"},
        {"l1": "效益指标（30分）", "l2": "社会效益指标", "name": "校园安全责任事故发生数", "kind": "≤", "value": "0", "unit": "起", "actual": "0", "weight": "10", "score": "10"},
        {"l1": "效益指标（30分）", "l2": "可持续影响指标", "name": "改造设施使用年限", "kind": "≥", "value": "15", "unit": "年", "actual": "15年", "weight": "10", "score": "10"},
        {"l1": "满意度指标（10分）", "l2": "服务对象满意度指标", "name": "师生及家长满意度", "kind": "≥", "value": "90", "unit": "%", "actual": "96.4%", "weight": "10", "score": "10"},
    ],
    "conclusion": "经自评，该项目2022年度绩效自评得分98.60分，评价等级为“优”。项目资金使用规范，改造任务全面完成，校园安全防范能力和办学条件明显提升；个别学校因追加抗震加固内容未能在开学前完工，今后将加强项目前期论证。",
    "contacts": [("项目负责人", "沈国平", "0573-82071635"), ("财务负责人", "朱丽娟", "0573-82071602")],
}
check_weights(NANHU, 90)


def nanhu_total(form):
    parts = [Decimal(form["funds"][0]["score"])] + [Decimal(i["score"]) for i in form["indicators"]]
    return sum(parts)


assert f"{nanhu_total(NANHU):.2f}" == "98.60", nanhu_total(NANHU)


# ---- c. a county project form (as 云南/湖北 counties publish theirs) ----
# Year in the title, 项目负责人 and 联系电话 inside the table, money rows
# 合计 / 财政拨款 / 单位自筹 with 年初预算 / 调整后预算 / 实际支出, targets under 预期实现值,
# goal texts one below the other, 自评得分, 总分, 自评结论, 存在问题, 改进措施,
# 填表人 and 审核人 under the table.
QILIN = {
    "id": "county-proj-qilin-ysaq-2023",
    "layout": "county_project",
    "form": "project",
    "title": "2023年度项目支出绩效自评表",
    "year": 2023,
    "filler": "填报单位（盖章）：曲靖市麒麟区水务局",
    "project": "2023年麒麟区农村供水保障工程",
    "supervisor": "曲靖市麒麟区水务局",
    "implementer": "曲靖市麒麟区农村饮水安全工程管理站",
    "unit": "万元",
    "funds": funds_rows([
        ("合计", "3150.00", "3328.50", "3207.96"),
        ("财政拨款", "2950.00", "3128.50", "3041.27"),
        ("单位自筹", "200.00", "200.00", "166.69"),
    ], 10, blank_other="/"),
    "goal": {
        "expected": "新建和改造农村集中供水工程26处，铺设供水管网186公里，巩固提升8.6万农村人口供水保障水平；农村自来水普及率达到96%以上，规模化供水工程覆盖农村人口比例达到62%；落实工程运行管护主体、人员和经费，水质检测合格率稳定在90%以上。",
        "achieved": "全年完成新建和改造农村集中供水工程26处，铺设供水管网191.4公里，巩固提升8.83万农村人口供水保障水平；农村自来水普及率达到96.5%，规模化供水工程覆盖农村人口比例达到63.2%；26处工程全部明确管护主体，水质检测合格率92.4%。越州镇2处工程因水源地调整，通水时间较计划推迟一个月。",
    },
    "indicators": [
        {"l1": "产出指标", "l2": "数量指标", "name": "新建改造集中供水工程", "target": "26处", "actual": "26处", "weight": "10", "score": "10"},
        {"l1": "产出指标", "l2": "数量指标", "name": "铺设供水管网长度", "target": "≥186公里", "actual": "191.4公里", "weight": "10", "score": "10"},
        {"l1": "产出指标", "l2": "数量指标", "name": "巩固提升供水保障人口", "target": "≥8.6万人", "actual": "8.83万人", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "质量指标", "name": "工程竣工验收合格率", "target": "100%", "actual": "100%", "weight": "8", "score": "8"},
        {"l1": "产出指标", "l2": "质量指标", "name": "农村供水水质检测合格率", "target": "≥90%", "actual": "92.4%", "weight": "6", "score": "6"},
        {"l1": "产出指标", "l2": "时效指标", "name": "工程按期通水率", "target": "100%", "actual": "92.3%", "weight": "6", "score": "5",
         "note": "越州镇2处工程因水源地调整重新选址，通水推迟一个月；今后在项目前期加强水源论证。"},
        {"l1": "产出指标", "l2": "成本指标", "name": "农村居民水价", "target": "≤3.5元/立方米", "actual": "3.2元/立方米", "weight": "4", "score": "4"},
        {"l1": "效益指标", "l2": "社会效益指标", "name": "农村自来水普及率", "target": "≥96%", "actual": "96.5%", "weight": "10", "score": "10"},
        {"l1": "效益指标", "l2": "社会效益指标", "name": "规模化供水工程覆盖农村人口比例", "target": "≥62%", "actual": "63.2%", "weight": "8", "score": "8"},
        {"l1": "效益指标", "l2": "可持续影响指标", "name": "工程运行管护机制", "target": "长效运行", "actual": "管护主体全部落实", "weight": "10", "score": "9",
         "note": "部分村级管水员待遇偏低，人员流动较大；将推动落实管护经费，开展管水员培训。"},
        {"l1": "满意度指标", "l2": "服务对象满意度指标", "name": "受益群众满意度", "target": "≥90%", "actual": "94.6%", "weight": "10", "score": "10"},
    ],
    "conclusion": "项目自评得分97.64分，自评等级为“优”。项目资金到位及时、使用规范，工程建设任务全面完成，农村供水保障水平明显提升。",
    "problems": "个别工程前期水源论证不充分，导致通水时间推迟；村级管水员队伍不够稳定，工程长效管护仍有薄弱环节。",
    "improvements": "一是加强项目前期工作，提前开展水源水质水量论证；二是落实县级农村供水工程维修养护资金，提高管水员待遇；三是推进城乡供水一体化和智慧水务建设，提升运行管理水平。",
    "contacts": [("项目负责人", "李春华", "0874-3125672"), ("填表人", "王艳", None), ("审核人", "张志刚", None)],
    "date": "2024年3月20日",
}
check_weights(QILIN, 90)

FORMS = [JUNSHAN, ZHANGGONG, NANHU, QILIN]
