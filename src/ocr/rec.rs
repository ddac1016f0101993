//! Text-line recognition: PP-OCRv4 recognition model (SVTR/CRNN) with greedy
//! CTC decoding over the model's character dictionary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use image::GrayImage;
use tract_onnx::prelude::*;
use tract_onnx::tract_core::ops::konst::Const;
use tract_onnx::tract_core::ops::nn::hard_swish;
use tract_onnx::tract_hir::ops::element_wise::ElementWiseIntoHir;

use super::error::OcrError;

/// Input height the recognition model was trained at.
const INPUT_HEIGHT: usize = 48;
/// Input widths the model is compiled for; a crop is padded to the next one.
/// The model cannot run with a symbolic width in `tract`, and each width costs
/// a compilation (~0.4 s), so widths come in a few buckets. The narrowest is the
/// training width (the reference pads short crops to it too); the widest bounds
/// work on a runaway crop (about 60 characters).
const WIDTH_BUCKETS: [usize; 12] = [
    128, 192, 320, 480, 640, 800, 960, 1280, 1600, 1920, 2560, 3200,
];
const MAX_INPUT_WIDTH: usize = WIDTH_BUCKETS[WIDTH_BUCKETS.len() - 1];
/// ONNX metadata key holding the dictionary, one character a line.
const DICT_KEY: &str = "onnx.metadata_props.character";

/// One recognised text line.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognized {
    pub text: String,
    /// Mean probability of the characters kept (0 when there are none).
    pub confidence: f32,
    /// Probability of each character of `text`, in order.
    pub char_confidence: Vec<f32>,
    /// Where each character of `text` was read: the centre of its frame, in
    /// pixels of the crop from its left edge.
    pub char_x: Vec<f32>,
}

/// Compiled model for one input width.
type Plan = Arc<TypedRunnableModel>;

/// Where the plan for one width is compiled from.
enum Source {
    /// The model typed and decluttered once with a symbolic input width: a
    /// width's plan only binds the symbol and optimises (about a third of a
    /// full compilation), and computes exactly what a full compilation does.
    Symbolic { model: TypedModel, width: Symbol },
    /// The parsed model, fully compiled for each width (models whose shape
    /// arithmetic does not stay symbolic).
    Parsed(InferenceModel),
}

/// The recognition model and its dictionary.
pub struct Recognizer {
    path: PathBuf,
    source: Source,
    /// Compiled on first use for each width bucket.
    plans: Vec<Mutex<Option<Plan>>>,
    /// Class index → text; 0 is the CTC blank, the last class a space.
    classes: Vec<String>,
}

impl Recognizer {
    /// Parses the model and compiles it for the commonest width.
    pub fn load(path: &Path) -> Result<Recognizer, OcrError> {
        let bad = |reason: String| OcrError::BadModel {
            path: path.to_path_buf(),
            reason,
        };
        let parsed = tract_onnx::onnx()
            .model_for_path(path)
            .map_err(|e| bad(format!("{e:#}")))?;
        let dict = parsed
            .properties
            .get(DICT_KEY)
            .and_then(|t| t.as_plain_ram()?.to_scalar::<String>().ok().cloned())
            .ok_or_else(|| bad(format!("no character dictionary in metadata `{DICT_KEY}`")))?;
        let mut parsed = parsed;
        fuse_hard_swish(&mut parsed).map_err(|e| bad(format!("{e:#}")))?;
        let source = match symbolic_width_model(&parsed) {
            Ok((model, width)) => Source::Symbolic { model, width },
            Err(_) => Source::Parsed(parsed),
        };
        let recognizer = Recognizer {
            path: path.to_path_buf(),
            source,
            plans: WIDTH_BUCKETS.iter().map(|_| Mutex::new(None)).collect(),
            classes: classes_from_dict(&dict),
        };
        // Fail now, not on the first page, if the model does not compile.
        recognizer.plan(0)?;
        Ok(recognizer)
    }

    /// The model compiled for `WIDTH_BUCKETS[bucket]`.
    fn plan(&self, bucket: usize) -> Result<Plan, OcrError> {
        let slot = &self.plans[bucket];
        let mut guard = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(plan) = guard.as_ref() {
            return Ok(plan.clone());
        }
        let plan =
            compile(&self.source, WIDTH_BUCKETS[bucket]).map_err(|e| OcrError::BadModel {
                path: self.path.clone(),
                reason: format!("{e:#}"),
            })?;
        *guard = Some(plan.clone());
        Ok(plan)
    }

    /// Reads one line of text from a gray crop (dark text on light paper).
    pub fn recognize(&self, line: &GrayImage) -> Result<Recognized, OcrError> {
        let bucket = bucket_for(scaled_width(line));
        let total = WIDTH_BUCKETS[bucket];
        let input = line_tensor(line, total)?;
        let outputs = self
            .plan(bucket)?
            .run(tvec!(input.into()))
            .map_err(|e| OcrError::Inference(format!("recognition: {e:#}")))?;
        let probs = outputs[0]
            .to_plain_array_view::<f32>()
            .map_err(|e| OcrError::Inference(format!("recognition output: {e:#}")))?;
        let shape = probs.shape().to_vec();
        if shape.len() != 3 || shape[2] != self.classes.len() {
            return Err(OcrError::Inference(format!(
                "recognition output shape {shape:?}, expected [1, T, {}]",
                self.classes.len()
            )));
        }
        let frames: Vec<&[f32]> = probs
            .as_slice()
            .map(|s| s.chunks(shape[2]).collect())
            .unwrap_or_default();
        // Frames cover the padded input evenly; the crop was scaled into its
        // first `scaled_width` columns.
        let crop_px_per_input = line.width() as f32 / scaled_width(line).min(total) as f32;
        let px_per_frame = total as f32 / frames.len().max(1) as f32 * crop_px_per_input;
        Ok(self.ctc_decode(&frames, px_per_frame))
    }

    /// Greedy CTC: best class per frame, repeats collapsed, blanks dropped.
    /// `px_per_frame`: crop pixels one frame covers.
    fn ctc_decode(&self, frames: &[&[f32]], px_per_frame: f32) -> Recognized {
        let mut text = String::new();
        let mut probs = Vec::new();
        let mut char_x = Vec::new();
        let mut previous = 0usize;
        for (i, frame) in frames.iter().enumerate() {
            let (best, p) = frame
                .iter()
                .copied()
                .enumerate()
                .fold(
                    (0, f32::MIN),
                    |acc, cur| if cur.1 > acc.1 { cur } else { acc },
                );
            if best != 0
                && best != previous
                && let Some(class) = self.classes.get(best)
            {
                text.push_str(class);
                probs.extend(class.chars().map(|_| p));
                char_x.extend(class.chars().map(|_| (i as f32 + 0.5) * px_per_frame));
            }
            previous = best;
        }
        let confidence = if probs.is_empty() {
            0.0
        } else {
            probs.iter().sum::<f32>() / probs.len() as f32
        };
        Recognized {
            text,
            confidence,
            char_confidence: probs,
            char_x,
        }
    }
}

/// Replaces each hard-swish the exporter spelled out, `x · clip(x + 3, 0, 6) / 6`,
/// by tract's `HardSwish` (one vectorised pass over the tensor instead of four:
/// the recognition model runs about a fifth faster; outputs move by a few
/// millionths). Returns how many were replaced.
fn fuse_hard_swish(model: &mut InferenceModel) -> TractResult<usize> {
    let scalar = |m: &InferenceModel, o: OutletId| -> Option<f32> {
        let value = m.nodes()[o.node].op_as::<Const>()?.val();
        if value.len() != 1 {
            return None;
        }
        value.cast_to_scalar::<f32>().ok()
    };
    let is = |m: &InferenceModel, o: OutletId, op: &str, inputs: usize| {
        let node = &m.nodes()[o.node];
        node.op.name() == op && node.inputs.len() == inputs
    };
    let outputs = model.output_outlets()?.to_vec();
    let mut found = Vec::new();
    for div in model.nodes() {
        let out = OutletId::new(div.id, 0);
        if !is(model, out, "Div", 2)
            || scalar(model, div.inputs[1]) != Some(6.0)
            || outputs.contains(&out)
            || !is(model, div.inputs[0], "Mul", 2)
        {
            continue;
        }
        let mul = &model.nodes()[div.inputs[0].node];
        let x = [(0, 1), (1, 0)].into_iter().find_map(|(xi, ci)| {
            let (x, clip) = (mul.inputs[xi], mul.inputs[ci]);
            if !is(model, clip, "Clip", 3) {
                return None;
            }
            let clip = &model.nodes()[clip.node];
            if scalar(model, clip.inputs[1]) != Some(0.0)
                || scalar(model, clip.inputs[2]) != Some(6.0)
                || !is(model, clip.inputs[0], "Add", 2)
            {
                return None;
            }
            let add = &model.nodes()[clip.inputs[0].node].inputs;
            let plus_three = (add[0] == x && scalar(model, add[1]) == Some(3.0))
                || (add[1] == x && scalar(model, add[0]) == Some(3.0));
            plus_three.then_some(x)
        });
        if let Some(x) = x {
            found.push((x, div.id));
        }
    }
    for &(x, div) in &found {
        let name = format!("{}.hard_swish", model.nodes()[div].name);
        let fused = model.add_node(
            name,
            hard_swish().into_hir(),
            tvec!(InferenceFact::default()),
        )?;
        model.add_edge(x, InletId::new(fused, 0))?;
        for inlet in model.nodes()[div].outputs[0].successors.clone() {
            model.add_edge(OutletId::new(fused, 0), inlet)?;
        }
    }
    Ok(found.len())
}

/// The model typed and decluttered for input `[1, 3, 48, W]` with `W` a symbol.
///
/// The exported graph computes its reshape targets from `Shape` outputs cast
/// to `int32`, and a cast drops the symbolic value, so each reshape would see
/// an unknown shape; the casts' consumers are wired to the `Shape` itself
/// (the same integers, kept symbolic).
fn symbolic_width_model(parsed: &InferenceModel) -> TractResult<(TypedModel, Symbol)> {
    let mut model = parsed.clone();
    let casts: Vec<(usize, usize)> = model
        .nodes()
        .iter()
        .filter(|n| n.op.name() == "onnx.Cast" && n.inputs.len() == 1)
        .filter(|n| model.nodes()[n.inputs[0].node].op.name() == "Shape")
        .map(|n| (n.id, n.inputs[0].node))
        .collect();
    for (cast, shape) in casts {
        for inlet in model.nodes()[cast].outputs[0].successors.clone() {
            model.add_edge(OutletId::new(shape, 0), inlet)?;
        }
    }
    let width = model.symbols.sym("W");
    let input = f32::fact([
        1.to_dim(),
        3.to_dim(),
        INPUT_HEIGHT.to_dim(),
        width.to_dim(),
    ]);
    let typed = model
        .with_input_fact(0, input.into())?
        .into_typed()?
        .into_decluttered()?;
    Ok((typed, width))
}

/// The plan for input `[1, 3, 48, width]`.
fn compile(source: &Source, width: usize) -> TractResult<Plan> {
    match source {
        Source::Symbolic { model, width: sym } => {
            let values = HashMap::from([(sym.clone(), TDim::from(width as i64))]);
            model
                .set_symbols(&values)?
                .into_optimized()?
                .into_runnable()
        }
        Source::Parsed(parsed) => parsed
            .clone()
            .with_input_fact(0, f32::fact([1, 3, INPUT_HEIGHT, width]).into())?
            .into_optimized()?
            .into_runnable(),
    }
}

/// Dictionary lines → class table (blank first, space last), as the model was trained.
fn classes_from_dict(dict: &str) -> Vec<String> {
    let mut classes = vec![String::new()];
    classes.extend(dict.lines().map(str::to_owned));
    classes.push(" ".to_owned());
    classes
}

/// Width the crop is scaled to at the model's input height.
fn scaled_width(line: &GrayImage) -> usize {
    let (w, h) = (line.width().max(1) as f32, line.height().max(1) as f32);
    ((INPUT_HEIGHT as f32 * w / h).ceil() as usize).clamp(8, MAX_INPUT_WIDTH)
}

/// Index of the narrowest bucket holding `width`.
fn bucket_for(width: usize) -> usize {
    WIDTH_BUCKETS
        .iter()
        .position(|&b| b >= width)
        .unwrap_or(WIDTH_BUCKETS.len() - 1)
}

/// Scales the crop to the input height, normalises to [-1, 1] and pads the
/// right with 0 up to `total` columns.
fn line_tensor(line: &GrayImage, total: usize) -> Result<Tensor, OcrError> {
    let width = scaled_width(line).min(total);
    let scaled = image::imageops::resize(
        line,
        width as u32,
        INPUT_HEIGHT as u32,
        image::imageops::FilterType::Triangle,
    );
    let mut data = vec![0f32; 3 * INPUT_HEIGHT * total];
    for (x, y, px) in scaled.enumerate_pixels() {
        let v = f32::from(px.0[0]) / 127.5 - 1.0;
        for c in 0..3 {
            data[(c * INPUT_HEIGHT + y as usize) * total + x as usize] = v;
        }
    }
    Tensor::from_shape(&[1, 3, INPUT_HEIGHT, total], &data)
        .map_err(|e| OcrError::Inference(format!("recognition input: {e:#}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_gets_blank_and_space() {
        let classes = classes_from_dict("a\nb\n");
        assert_eq!(classes, vec!["", "a", "b", " "]);
    }

    #[test]
    fn tensor_is_padded_to_its_width_bucket() {
        let line = GrayImage::from_pixel(100, 24, image::Luma([0]));
        let width = scaled_width(&line);
        assert_eq!(width, 200);
        let t = line_tensor(&line, WIDTH_BUCKETS[bucket_for(width)]).expect("tensor");
        assert_eq!(t.shape(), &[1, 3, 48, 320]);
        // Ink (black) maps to -1, padding stays 0.
        let values = t
            .as_plain_ram()
            .expect("plain")
            .as_slice::<f32>()
            .expect("f32")
            .to_vec();
        assert_eq!(values[0], -1.0);
        assert_eq!(values[319], 0.0);
        assert_eq!(WIDTH_BUCKETS[bucket_for(321)], 480);
        assert_eq!(bucket_for(10_000), WIDTH_BUCKETS.len() - 1);
    }

    /// The recognition model's path, `None` (and a SKIPPED line) when the
    /// models are not installed.
    fn installed_rec_model() -> Option<std::path::PathBuf> {
        let dir = crate::ocr::default_model_dir();
        if !crate::ocr::models_present(&dir) {
            eprintln!("SKIPPED: OCR models not in {}", dir.display());
            return None;
        }
        Some(dir.join(crate::ocr::engine::REC_MODEL))
    }

    /// With the models installed: the width bound into the symbolic model
    /// gives exactly the outputs of a model compiled for that width.
    #[test]
    fn symbolic_width_plan_matches_a_full_compilation() {
        let Some(path) = installed_rec_model() else {
            return;
        };
        let parsed = tract_onnx::onnx()
            .model_for_path(&path)
            .expect("model parses");
        let (model, width) = symbolic_width_model(&parsed).expect("width stays symbolic");
        let symbolic = Source::Symbolic { model, width };
        let full = Source::Parsed(parsed);
        let mut line = GrayImage::from_pixel(150, 30, image::Luma([235]));
        for x in (20..130).step_by(9) {
            for y in 8..22 {
                line.put_pixel(x, y, image::Luma([20]));
                line.put_pixel(x + 1, y, image::Luma([60]));
            }
        }
        let w = WIDTH_BUCKETS[1];
        let input = line_tensor(&line, w).expect("tensor");
        let run = |source: &Source| {
            let out = compile(source, w)
                .expect("compiles")
                .run(tvec!(input.clone().into()))
                .expect("runs");
            out[0]
                .to_plain_array_view::<f32>()
                .expect("f32")
                .iter()
                .copied()
                .collect::<Vec<f32>>()
        };
        let (a, b) = (run(&symbolic), run(&full));
        assert_eq!(a.len(), b.len());
        assert!(a == b, "outputs differ");
    }

    /// With the models installed: every hard-swish of the model is fused, and
    /// the fused model computes the unfused one's probabilities to 1e-4.
    #[test]
    fn fused_hard_swish_keeps_the_outputs() {
        let Some(path) = installed_rec_model() else {
            return;
        };
        let plain = tract_onnx::onnx()
            .model_for_path(&path)
            .expect("model parses");
        let mut fused = plain.clone();
        let clips = plain
            .nodes()
            .iter()
            .filter(|n| n.op.name() == "Clip")
            .count();
        let n = fuse_hard_swish(&mut fused).expect("fuses");
        assert!(n > 0 && n <= clips, "{n} fused of {clips} clips");
        let line = GrayImage::from_fn(90, 28, |x, y| {
            image::Luma([if (x / 6 + y / 7) % 3 == 0 { 30 } else { 230 }])
        });
        let w = WIDTH_BUCKETS[0];
        let input = line_tensor(&line, w).expect("tensor");
        let run = |m: InferenceModel| {
            let out = compile(&Source::Parsed(m), w)
                .expect("compiles")
                .run(tvec!(input.clone().into()))
                .expect("runs");
            out[0]
                .to_plain_array_view::<f32>()
                .expect("f32")
                .iter()
                .copied()
                .collect::<Vec<f32>>()
        };
        let (a, b) = (run(plain), run(fused));
        let worst = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max);
        assert!(a.len() == b.len() && worst < 1e-4, "max difference {worst}");
    }
}
