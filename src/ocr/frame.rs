//! The frame OCR read a page in.

/// How OCR turned and levelled a page before reading it. The boxes of the
/// cells it read are in this frame: the page as rendered, turned
/// `quarter_turns` times clockwise, then rotated by `-skew_deg` about
/// `skew_center` (points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrFrame {
    pub page: u32,
    pub quarter_turns: u32,
    pub skew_deg: f32,
    pub skew_center: [f32; 2],
}
