#!/usr/bin/env python3
"""Makes the non-form samples in samples/scripts/ (committed; CI never runs
this): public-style documents in six scripts, one AcroForm, each with a text
layer that decodes to ordinary text. `truth.json` holds, per file, the text
paragraphs its pages print (from this script's own data).

Needs reportlab, pikepdf, Chromium and these Debian fonts: fonts-dejavu-core,
fonts-wqy-zenhei, fonts-ipafont-gothic, fonts-nanum, fonts-tlwg-garuda-ttf.

    python3 scripts/gen-scripts.py

Deterministic: reportlab writes with invariant=1; Chromium's files are saved
again by pikepdf without their dates and with an ID made from the content.
"""
import json
import os
import subprocess
import tempfile

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "samples", "scripts")
FONTS = {
    "DejaVuSerif": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
    "DejaVuSans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    "WenQuanYiZenHei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "IPAGothic": ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
}
TRUTH = {}

EN_TITLE = "Seasonal Variation in Urban Bicycle Traffic: Evidence from Automated Counters"
EN_PARAGRAPHS = [
    "Abstract. We study daily bicycle counts recorded by 48 automated counters in three "
    "mid-sized European cities between 2016 and 2021. A log-linear model with weather, "
    "holiday and weekday terms explains 87% of the variance in daily counts. Rain above "
    "5 mm reduces traffic by 23% on weekdays and by 41% on weekends, while each degree of "
    "temperature above 10 °C adds about 2.4%.",
    "1 Introduction. Cities invest in cycling infrastructure on the promise that it will be "
    "used all year round. Counter data make it possible to check that promise, yet most "
    "published studies rely on short manual counts. We use continuous records instead and "
    "ask how much of the seasonal pattern is explained by weather alone.",
    "2 Data and method. Each counter reports hourly totals; we sum them to daily totals and "
    "drop days with more than two hours missing (1.8% of counter-days). The model is "
    "log(y) = α + β·rain + γ·temp + δ·holiday + ε, fitted per city with robust errors; "
    "estimates with p < 0.05 are reported in Table 1.",
]
EN_TABLE = [
    ("Term", "Estimate", "Std. error"),
    ("Rain > 5 mm (weekday)", "-0.262", "0.018"),
    ("Rain > 5 mm (weekend)", "-0.528", "0.031"),
    ("Temperature per °C", "0.024", "0.002"),
    ("Public holiday", "-0.347", "0.044"),
]
EN_CAPTION = "Table 1. Estimates of the pooled model (n = 61,245 counter-days)."

ZH_TITLE = "城市公园绿地建设稳步推进"
ZH_PARAGRAPHS = [
    "近年来，我市坚持生态优先、绿色发展，持续推进城市公园绿地建设。截至去年底，全市建成区绿地率达到"
    "百分之三十八点六，人均公园绿地面积达到十四点二平方米，市民出门五百米见绿的目标基本实现。",
    "在建设过程中，各区结合老旧小区改造和城市更新，见缝插绿、拆违建绿，新建和改造口袋公园一百二十余个，"
    "为周边居民提供了散步、健身和休闲的好去处。不少公园还增设了儿童游乐设施和无障碍通道。",
    "下一步，我市将继续完善绿道网络，加强公园的日常养护和精细化管理，让绿色成为城市最动人的底色。",
]
ZH_HANT_TITLE = "臺灣鐵道旅遊指南"
ZH_HANT_PARAGRAPHS = [
    "環島鐵路串連了臺灣西部的繁華都會與東部的山海風光。旅客從臺北車站出發，沿著縱貫線南下，"
    "經過新竹、臺中、嘉義與臺南，約四個小時便能抵達高雄。",
    "若選擇東部幹線，列車會穿越蘭陽平原，沿著太平洋海岸前進，窗外是綿延的山脈與湛藍的海洋。"
    "許多旅客會在花蓮或臺東停留數日，體驗當地的原住民文化與溫泉。",
    "購票時請留意假日與連續假期的訂位時間，並記得攜帶悠遊卡或一卡通，轉乘捷運與公車都很方便。",
]
JA_TITLE = "図書館利用のご案内"
JA_PARAGRAPHS = [
    "市立図書館は、どなたでも無料でご利用いただけます。本や雑誌の閲覧、インターネット端末の利用、"
    "調べものの相談など、さまざまなサービスを行っています。",
    "貸出には利用カードが必要です。カードは、住所を確認できる書類をお持ちいただければ、"
    "カウンターですぐに作成できます。一人につき十冊まで、二週間借りることができます。",
    "返却は開館時間中のカウンターのほか、閉館後は正面入口の返却ポストもご利用ください。"
    "ただし、ＣＤやＤＶＤなどの視聴覚資料は、破損を防ぐため必ずカウンターへお返しください。",
    "開館時間：火曜日から金曜日は午前九時から午後七時まで、土曜日・日曜日・祝日は午後五時まで。"
    "休館日：毎週月曜日、年末年始、館内整理日。",
]
KO_TITLE = "주민센터 민원 안내"
KO_PARAGRAPHS = [
    "주민센터에서는 주민등록 등본과 초본, 인감증명서, 가족관계증명서 등 각종 증명서를 발급해 드립니다. "
    "신분증을 반드시 지참해 주시기 바랍니다.",
    "평일 운영 시간은 오전 9시부터 오후 6시까지이며, 점심시간에도 민원 업무를 계속합니다. "
    "매주 목요일에는 직장인을 위해 오후 8시까지 야간 민원실을 운영합니다.",
    "무인민원발급기는 주민센터 입구에 설치되어 있으며, 지문 인식으로 본인 확인 후 "
    "수수료 없이 일부 증명서를 발급받을 수 있습니다.",
]
TH_TITLE = "ประกาศเรื่องการปิดปรับปรุงห้องสมุด"
TH_PARAGRAPHS = [
    "ห้องสมุดประชาชนจะปิดให้บริการชั่วคราวเพื่อปรับปรุงอาคารและระบบไฟฟ้า "
    "ตั้งแต่วันที่ 1 ถึงวันที่ 15 มีนาคม",
    "ในระหว่างนี้ ผู้ใช้บริการสามารถคืนหนังสือได้ที่ตู้รับคืนหน้าอาคาร "
    "และยืมหนังสืออิเล็กทรอนิกส์ผ่านเว็บไซต์ของห้องสมุดได้ตามปกติ",
    "ขออภัยในความไม่สะดวกมา ณ ที่นี้ หากมีข้อสงสัยโปรดติดต่อเจ้าหน้าที่ในวันและเวลาราชการ",
]
RU_TITLE = "Правила пользования городским транспортом"
RU_PARAGRAPHS = [
    "Оплатить проезд можно транспортной картой, банковской картой или через мобильное "
    "приложение. Пересадка в течение 90 минут после первой поездки бесплатна.",
    "Дети до семи лет ездят бесплатно в сопровождении взрослого. Школьники и студенты "
    "очных отделений могут оформить льготный проездной на месяц.",
    "Провоз велосипеда разрешён в последнем вагоне поезда, кроме часов пик: с 7:00 до 10:00 "
    "и с 17:00 до 20:00 в рабочие дни. Крупногабаритный багаж оплачивается отдельно.",
]


def register(name):
    path, index = FONTS[name]
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    return name


def wrap(text, width, font, size):
    """Lines no wider than `width`: at spaces for spaced scripts, anywhere else."""
    words = text.split(" ") if " " in text else list(text)
    sep = " " if " " in text else ""
    lines, line = [], ""
    for w in words:
        candidate = line + sep + w if line else w
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = w
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def prose_page(c, font, title, paragraphs, size=11, top=None):
    """A title and wrapped paragraphs from the top of a fresh A4 page."""
    w, h = A4
    y = top if top is not None else h - 80
    c.setFont(font, size + 5)
    c.drawCentredString(w / 2, y, title)
    y -= 40
    c.setFont(font, size)
    for para in paragraphs:
        for line in wrap(para, w - 144, font, size):
            c.drawString(72, y, line)
            y -= size * 1.7
        y -= size * 0.8
    return y


def reportlab_prose(name, font, pages, meta):
    c = canvas.Canvas(os.path.join(OUT, name), pagesize=A4, invariant=1)
    c.setTitle(meta)
    font = register(font)
    truth = []
    for title, paragraphs in pages:
        prose_page(c, font, title, paragraphs)
        c.showPage()
        truth.append([title, *paragraphs])
    c.save()
    TRUTH[name] = truth


def en_paper():
    """An English paper's first page: prose, Greek letters in a formula, and a
    fully ruled table of numbers (a table that is not a form)."""
    name = "en-paper.pdf"
    c = canvas.Canvas(os.path.join(OUT, name), pagesize=A4, invariant=1)
    c.setTitle("Seasonal variation in urban bicycle traffic")
    serif = register("DejaVuSerif")
    w, h = A4
    c.setFont(serif, 12)
    c.drawCentredString(w / 2, h - 70, EN_TITLE)
    y = h - 110
    c.setFont(serif, 10)
    for para in EN_PARAGRAPHS:
        for line in wrap(para, w - 144, serif, 10):
            c.drawString(72, y, line)
            y -= 14
        y -= 8
    y -= 10
    c.drawString(72, y, EN_CAPTION)
    y -= 10
    cols = [72, 300, 400, 500]
    rows = [y - 20 * i for i in range(len(EN_TABLE) + 1)]
    c.setLineWidth(0.6)
    c.grid(cols, rows)
    for i, row in enumerate(EN_TABLE):
        for j, cell in enumerate(row):
            c.drawString(cols[j] + 4, rows[i] - 14, cell)
    c.showPage()
    c.save()
    TRUTH[name] = [[EN_TITLE, *EN_PARAGRAPHS, EN_CAPTION, *(" ".join(r) for r in EN_TABLE)]]


def acroform():
    """A registration form filled in and saved unflattened: ruled rows, text
    fields with borders, two check boxes (ZapfDingbats ticks)."""
    name = "acroform-en.pdf"
    c = canvas.Canvas(os.path.join(OUT, name), pagesize=A4, invariant=1)
    c.setTitle("Volunteer registration")
    sans = register("DejaVuSans")
    w, h = A4
    c.setFont(sans, 15)
    title = "Community Garden Volunteer Registration"
    c.drawString(72, h - 80, title)
    c.setFont(sans, 10)
    intro = "Please fill in every field and return the form to the garden office by 30 April."
    c.drawString(72, h - 104, intro)
    fields = [("name", "Full name", "Maria Rossi"), ("email", "E-mail", "maria.rossi@example.org"),
              ("phone", "Telephone", "+44 20 7946 0321"), ("street", "Street address", "12 Elm Row"),
              ("city", "Town and postcode", "Leeds LS6 2AB"), ("hours", "Hours per week", "6")]
    top = h - 130
    rows = [top - 34 * i for i in range(len(fields) + 1)]
    c.setLineWidth(0.8)
    c.grid([72, 220, w - 72], rows)
    for i, (key, label, value) in enumerate(fields):
        c.drawString(78, rows[i] - 21, label)
        c.acroForm.textfield(name=key, value=value, x=226, y=rows[i + 1] + 5, width=w - 72 - 232,
                             height=24, fontName="Helvetica", fontSize=11, borderWidth=1,
                             borderColor=None, fillColor=None, textColor=None)
    y = rows[-1] - 40
    boxes = [("weekday", "Weekday mornings", True), ("weekend", "Weekend afternoons", False)]
    for i, (key, label, checked) in enumerate(boxes):
        c.acroForm.checkbox(name=key, x=78, y=y - 28 * i, size=14, checked=checked,
                            buttonStyle="check", borderWidth=1)
        c.drawString(100, y - 28 * i + 3, label)
    c.showPage()
    c.save()
    TRUTH[name] = [[title, intro, *(t for _, label, value in fields for t in (label, value)),
                    *(label for _, label, _ in boxes)]]


HTML = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: {font}; font-size: 12pt; line-height: 1.6; }}
h1 {{ font-size: 17pt; text-align: center; }}
</style></head>
<body><h1>{title}</h1>
{paragraphs}
</body></html>
"""


def chromium_prose(name, lang, font, title, paragraphs):
    """Printed by headless Chromium (Skia): Type0 fonts, text shaped by HarfBuzz."""
    with tempfile.TemporaryDirectory() as tmp:
        html = os.path.join(tmp, "page.html")
        with open(html, "w", encoding="utf-8") as f:
            f.write(HTML.format(lang=lang, font=font, title=title,
                                paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs)))
        raw = os.path.join(tmp, "raw.pdf")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
                        f"--print-to-pdf={raw}", "file://" + html],
                       check=True, capture_output=True)
        with pikepdf.open(raw) as pdf:
            for key in ("/CreationDate", "/ModDate"):
                if key in pdf.docinfo:
                    del pdf.docinfo[key]
            pdf.save(os.path.join(OUT, name), deterministic_id=True)
    TRUTH[name] = [[title, *paragraphs]]


def main():
    os.makedirs(OUT, exist_ok=True)
    en_paper()
    reportlab_prose("zh-prose.pdf", "WenQuanYiZenHei",
                    [(ZH_TITLE, ZH_PARAGRAPHS), (ZH_HANT_TITLE, ZH_HANT_PARAGRAPHS)], "城市公园")
    reportlab_prose("ja-prose.pdf", "IPAGothic", [(JA_TITLE, JA_PARAGRAPHS)], "図書館")
    chromium_prose("ko-prose.pdf", "ko", "'NanumGothic'", KO_TITLE, KO_PARAGRAPHS)
    chromium_prose("th-prose.pdf", "th", "'Garuda'", TH_TITLE, TH_PARAGRAPHS)
    reportlab_prose("ru-prose.pdf", "DejaVuSans", [(RU_TITLE, RU_PARAGRAPHS)], "Транспорт")
    acroform()
    with open(os.path.join(OUT, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
