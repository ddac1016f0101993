//! The label table: which header rows open which blocks, and what each column holds.
//!
//! This is the one place that knows form vocabulary; the template files may
//! replace it later. Labels are compared after [`squash`](super::shape::squash).

/// What a column holds, used to place rows whose leading cells were dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// A row label such as `任务1` or a block label.
    Label,
    /// Long free text (targets, achievements, notes).
    Text,
    /// A short name (indicator, money source).
    Name,
    /// A value with optional comparator and unit (`≥90%`, `15分钟`).
    Quantity,
    /// A bare amount, rate or score.
    Number,
}

/// Blocks whose rows group under a merged label cell (the 主要任务 block).
#[derive(Debug, Clone, Copy)]
pub struct GroupSpec {
    /// Column of the group label (`任务N`).
    pub label_col: usize,
    /// Prefix of a group label; a number follows it.
    pub label_prefix: &'static str,
    /// Columns whose merged text belongs to the whole group (expected, achieved).
    pub text_cols: &'static [usize],
    /// Columns whose merged value belongs to the whole group (task funds).
    pub value_cols: &'static [usize],
}

/// One block of a form: its header labels by column, the kind of each column.
#[derive(Debug, Clone, Copy)]
pub struct BlockSpec {
    pub id: &'static str,
    /// Header label of each column; `""` where the header cell is blank.
    pub header: &'static [&'static str],
    pub kinds: &'static [ColKind],
    /// Column that every data row fills (the row's name); empty means "continued".
    pub key_col: usize,
    pub group: Option<GroupSpec>,
}

impl BlockSpec {
    pub fn width(&self) -> usize {
        self.header.len()
    }
}

use ColKind::{Label, Name, Number, Quantity, Text};

pub const BLOCKS: &[BlockSpec] = &[
    BlockSpec {
        id: "dept_funds",
        header: &[
            "部门资金情况",
            "资金来源",
            "整体支出年初预算数",
            "整体支出预算调整数",
            "整体年度实际支出数",
            "预算完成率",
            "预算调整率",
        ],
        kinds: &[Label, Name, Number, Number, Number, Number, Number],
        key_col: 1,
        group: None,
    },
    BlockSpec {
        id: "dept_goal",
        header: &[
            "年度目标",
            "部门整体支出的预期目标",
            "部门整体支出的目标完成情况",
        ],
        kinds: &[Label, Text, Text],
        key_col: 1,
        group: None,
    },
    BlockSpec {
        id: "dept_tasks",
        header: &[
            "主要任务",
            "年初预期目标",
            "目标完成情况",
            "关键指标",
            "计算公式或指标内容",
            "预期实现值",
            "指标完成情况",
            "任务涉及资金",
        ],
        kinds: &[Label, Text, Text, Name, Text, Quantity, Quantity, Number],
        key_col: 3,
        group: Some(GroupSpec {
            label_col: 0,
            label_prefix: "任务",
            text_cols: &[1, 2],
            value_cols: &[7],
        }),
    },
    BlockSpec {
        id: "proj_funds",
        header: &[
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        kinds: &[Label, Name, Number, Number, Number, Number, Number, Number],
        key_col: 1,
        group: None,
    },
    BlockSpec {
        id: "proj_goal",
        header: &["年度总体目标", "预期目标", "实际完成情况"],
        kinds: &[Label, Text, Text],
        key_col: 1,
        group: None,
    },
    BlockSpec {
        id: "proj_indicators",
        header: &[
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        kinds: &[
            Label, Name, Name, Name, Quantity, Quantity, Number, Number, Text,
        ],
        key_col: 3,
        group: None,
    },
];

/// First-cell labels of rows that lie outside every block (they end the current block).
pub const STOP_LABELS: &[&str] = &[
    "部门名称",
    "单位名称",
    "部门（单位）名称",
    "项目名称",
    "主管部门",
    "实施单位",
    "年度目标",
    "年度总体目标",
    "存在问题",
    "改进措施",
    "总分",
    "项目经办人：",
    "项目经办人",
    "填报人",
    "填报人：",
];
