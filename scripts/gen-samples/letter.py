"""A one-page Chinese letter: a PDF with a text layer that is not a self-evaluation form."""
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics

from render_reportlab import register_font, wrap

PARAGRAPHS = [
    "关于做好2023年度部门预算编制工作的通知",
    "各街道办事处，区直各部门、各单位：",
    "为贯彻落实中央和省、市关于深化预算管理制度改革的部署要求，进一步提高预算编制的科学性、"
    "规范性和完整性，现就做好2023年度部门预算编制工作有关事项通知如下。",
    "一、坚持艰苦奋斗、勤俭节约。各部门要牢固树立过紧日子思想，严格控制一般性支出，"
    "从严从紧核定会议费、培训费、差旅费等支出，新增资产配置严格按照标准执行。",
    "二、强化预算绩效管理。新增项目应当开展事前绩效评估，所有项目支出均应设置明确、"
    "具体、可衡量的绩效目标，未按要求设置绩效目标的项目，原则上不予安排预算。",
    "三、按时报送预算资料。请各部门于2022年10月31日前通过预算管理一体化系统报送"
    "部门预算草案，纸质材料加盖公章后同时报送区财政局预算科。",
    "联系人：王丽，联系电话：020-81234567。",
    "特此通知。",
]


def render_letter(path):
    from reportlab.pdfgen import canvas
    font = register_font("ttf")
    size = 12
    w, h = A4
    c = canvas.Canvas(path, pagesize=A4, initialFontName=font, initialFontSize=size, invariant=True)
    c.setTitle("通知")
    y = h - 90
    c.setFont(font, 18)
    title = PARAGRAPHS[0]
    c.drawString((w - pdfmetrics.stringWidth(title, font, 18)) / 2, y, title)
    y -= 48
    c.setFont(font, size)
    for i, para in enumerate(PARAGRAPHS[1:]):
        indent = 0 if i == 0 else 2 * size
        lines = wrap(para, w - 144 - indent, font, size)
        for j, line in enumerate(lines):
            c.drawString(72 + (indent if j == 0 else 0), y, line)
            y -= size * 1.8
        y -= size * 0.6
    c.drawRightString(w - 72, y - 30, "广州市某区财政局")
    c.drawRightString(w - 72, y - 30 - size * 1.8, "2022年9月15日")
    c.showPage()
    c.save()
