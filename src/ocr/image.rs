//! Decodes a page's scanned image straight from the PDF's image XObject.
//!
//! Handles what scanners and `img2pdf`/`ocrmypdf` write: DCTDecode (JPEG),
//! raw pixels behind FlateDecode/LZW (gray, RGB, CMYK, indexed; 1 or 8 bits per
//! component) and CCITTFaxDecode (group 3 and 4 fax). JBIG2 and JPEG 2000 are
//! reported as unsupported.

use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Dictionary, Document, Object, Stream};

use super::error::OcrError;

/// Largest image decoded, in pixels (a 600 dpi A3 page is about 70 million).
const MAX_PIXELS: u64 = 120_000_000;

/// Decodes image XObject `object` (generation 0) of `doc` into a gray or RGB raster.
pub fn decode_image_xobject(doc: &Document, object: u32) -> Result<DynamicImage, OcrError> {
    let stream = doc
        .get_object((object, 0))
        .and_then(Object::as_stream)
        .map_err(|e| image_error(object, format!("not an image stream: {e}")))?;
    let info = ImageInfo::read(doc, &stream.dict, object)?;
    let filters = stream.filters().unwrap_or_default();
    match filters.last().copied() {
        Some(b"DCTDecode") => decode_jpeg(&pre_decode(stream, object)?, &info),
        Some(b"CCITTFaxDecode") => decode_ccitt(stream, object, &info),
        Some(f @ (b"JBIG2Decode" | b"JPXDecode")) => Err(OcrError::Unsupported {
            object,
            reason: format!("{} images", String::from_utf8_lossy(f)),
        }),
        _ => {
            let data = stream
                .decompressed_content_with_limit(info.raw_len())
                .map_err(|e| image_error(object, format!("cannot decompress: {e}")))?;
            info.raster_from_samples(&data)
        }
    }
}

/// Like [`decode_image_xobject`], for a caller holding only the PDF's bytes
/// (parses the file; reuse a loaded [`Document`] for several pages).
pub fn decode_image_in_pdf(pdf: &[u8], object: u32) -> Result<DynamicImage, OcrError> {
    let doc = Document::load_mem(pdf)
        .map_err(|e| image_error(object, format!("cannot parse the PDF: {e}")))?;
    decode_image_xobject(&doc, object)
}

/// What the image dictionary says about the samples.
#[derive(Debug, Clone)]
struct ImageInfo {
    object: u32,
    width: u32,
    height: u32,
    bits: u8,
    colors: ColorModel,
    /// `/Decode [1 0]`: sample 1 is dark. (An image mask paints its 0 samples
    /// by default, so 0 is dark there too, as in gray.)
    inverted: bool,
}

#[derive(Debug, Clone)]
enum ColorModel {
    Gray,
    Rgb,
    Cmyk,
    /// Palette of RGB triples (base space converted when read).
    Indexed(Vec<[u8; 3]>),
}

impl ColorModel {
    fn components(&self) -> u32 {
        match self {
            ColorModel::Gray | ColorModel::Indexed(_) => 1,
            ColorModel::Rgb => 3,
            ColorModel::Cmyk => 4,
        }
    }
}

impl ImageInfo {
    fn read(doc: &Document, dict: &Dictionary, object: u32) -> Result<ImageInfo, OcrError> {
        let int = |key: &[u8]| {
            dict.get_deref(key, doc)
                .and_then(Object::as_i64)
                .ok()
                .and_then(|v| u32::try_from(v).ok())
        };
        let (Some(width), Some(height)) = (int(b"Width"), int(b"Height")) else {
            return Err(image_error(object, "no /Width or /Height".into()));
        };
        if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(image_error(
                object,
                format!("size {width}x{height} out of range"),
            ));
        }
        let is_mask = dict
            .get_deref(b"ImageMask", doc)
            .and_then(Object::as_bool)
            .unwrap_or(false);
        let bits = if is_mask {
            1
        } else {
            int(b"BitsPerComponent").unwrap_or(8)
        };
        if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
            return Err(image_error(object, format!("{bits} bits per component")));
        }
        let colors = match dict.get_deref(b"ColorSpace", doc) {
            Ok(cs) if !is_mask => color_model(doc, cs, object)?,
            _ => ColorModel::Gray,
        };
        let decode_inverted = dict
            .get_deref(b"Decode", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|v| v.as_float().ok())
            .is_some_and(|first| first > 0.5);
        Ok(ImageInfo {
            object,
            width,
            height,
            bits: bits as u8,
            colors,
            inverted: decode_inverted,
        })
    }

    fn row_bytes(&self) -> usize {
        (self.width as usize * self.colors.components() as usize * self.bits as usize).div_ceil(8)
    }

    fn raw_len(&self) -> usize {
        self.row_bytes() * self.height as usize
    }

    /// Unpacks raw samples (rows padded to whole bytes) into a raster.
    fn raster_from_samples(&self, data: &[u8]) -> Result<DynamicImage, OcrError> {
        if data.len() < self.raw_len() {
            return Err(image_error(
                self.object,
                format!(
                    "{} bytes of samples, {} expected",
                    data.len(),
                    self.raw_len()
                ),
            ));
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let comps = self.colors.components() as usize;
        let max = ((1u32 << self.bits) - 1) as f32;
        let mut samples = Vec::with_capacity(w * h * comps);
        for row in data.chunks(self.row_bytes()).take(h) {
            for i in 0..w * comps {
                samples.push(read_sample(row, i, self.bits));
            }
        }
        let to_u8 = |v: u16| -> u8 {
            let v = if self.bits == 16 { v >> 8 } else { v };
            let scale = if self.bits == 16 { 255.0 } else { max };
            ((f32::from(v) / scale) * 255.0).round() as u8
        };
        let invert = |v: u8| if self.inverted { 255 - v } else { v };
        let raster = match &self.colors {
            ColorModel::Gray => {
                let px = samples.iter().map(|&s| invert(to_u8(s))).collect();
                DynamicImage::ImageLuma8(gray_image(self, px)?)
            }
            ColorModel::Rgb => {
                let px = samples.iter().map(|&s| invert(to_u8(s))).collect();
                DynamicImage::ImageRgb8(rgb_image(self, px)?)
            }
            ColorModel::Cmyk => {
                let px = samples
                    .chunks(4)
                    .flat_map(|c| cmyk_to_rgb(c.iter().map(|&s| to_u8(s))))
                    .collect();
                DynamicImage::ImageRgb8(rgb_image(self, px)?)
            }
            ColorModel::Indexed(palette) => {
                let px = samples
                    .iter()
                    .flat_map(|&s| palette.get(usize::from(s)).copied().unwrap_or([0, 0, 0]))
                    .collect();
                DynamicImage::ImageRgb8(rgb_image(self, px)?)
            }
        };
        Ok(raster)
    }
}

/// Sample `index` of a row packed at `bits` bits per sample.
fn read_sample(row: &[u8], index: usize, bits: u8) -> u16 {
    match bits {
        8 => row.get(index).copied().map_or(0, u16::from),
        16 => {
            let hi = row.get(2 * index).copied().unwrap_or(0);
            let lo = row.get(2 * index + 1).copied().unwrap_or(0);
            u16::from_be_bytes([hi, lo])
        }
        _ => {
            let bit = index * bits as usize;
            let byte = row.get(bit / 8).copied().unwrap_or(0);
            let shift = 8 - bits as usize - bit % 8;
            u16::from((byte >> shift) & ((1u8 << bits) - 1))
        }
    }
}

fn cmyk_to_rgb(mut c: impl Iterator<Item = u8>) -> [u8; 3] {
    let mut next = || f32::from(c.next().unwrap_or(0)) / 255.0;
    let (c, m, y, k) = (next(), next(), next(), next());
    let ch = |v: f32| ((1.0 - v) * (1.0 - k) * 255.0).round() as u8;
    [ch(c), ch(m), ch(y)]
}

fn gray_image(info: &ImageInfo, px: Vec<u8>) -> Result<GrayImage, OcrError> {
    GrayImage::from_raw(info.width, info.height, px)
        .ok_or_else(|| image_error(info.object, "pixel buffer size mismatch".into()))
}

fn rgb_image(info: &ImageInfo, px: Vec<u8>) -> Result<RgbImage, OcrError> {
    RgbImage::from_raw(info.width, info.height, px)
        .ok_or_else(|| image_error(info.object, "pixel buffer size mismatch".into()))
}

/// Reads `/ColorSpace` into the few models a scan uses.
fn color_model(doc: &Document, cs: &Object, object: u32) -> Result<ColorModel, OcrError> {
    let unsupported = |what: &str| OcrError::Unsupported {
        object,
        reason: format!("colour space {what}"),
    };
    match cs {
        Object::Name(name) => match name.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(ColorModel::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(ColorModel::Rgb),
            b"DeviceCMYK" | b"CMYK" => Ok(ColorModel::Cmyk),
            other => Err(unsupported(&String::from_utf8_lossy(other))),
        },
        Object::Array(items) => {
            let family: &[u8] = items.first().and_then(|o| o.as_name().ok()).unwrap_or(&[]);
            match family {
                b"ICCBased" => {
                    let n = items
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok());
                    match n {
                        Some(1) => Ok(ColorModel::Gray),
                        Some(3) => Ok(ColorModel::Rgb),
                        Some(4) => Ok(ColorModel::Cmyk),
                        _ => Err(unsupported("ICCBased without a valid /N")),
                    }
                }
                b"CalGray" => Ok(ColorModel::Gray),
                b"CalRGB" => Ok(ColorModel::Rgb),
                b"Indexed" | b"I" => indexed_palette(doc, items, object).map(ColorModel::Indexed),
                other => Err(unsupported(&String::from_utf8_lossy(other))),
            }
        }
        Object::Reference(_) => {
            let (_, target) = doc
                .dereference(cs)
                .map_err(|e| image_error(object, e.to_string()))?;
            color_model(doc, target, object)
        }
        _ => Err(unsupported("of an unexpected type")),
    }
}

/// `[/Indexed base hival lookup]` → RGB palette.
fn indexed_palette(
    doc: &Document,
    items: &[Object],
    object: u32,
) -> Result<Vec<[u8; 3]>, OcrError> {
    let base = items
        .get(1)
        .ok_or_else(|| image_error(object, "Indexed colour space without a base".into()))
        .and_then(|b| color_model(doc, b, object))?;
    let lookup: Vec<u8> = match items.get(3).map(|o| doc.dereference(o)) {
        Some(Ok((_, Object::String(bytes, _)))) => bytes.clone(),
        Some(Ok((_, Object::Stream(s)))) => s
            .decompressed_content_with_limit(4 * 256)
            .map_err(|e| image_error(object, format!("palette: {e}")))?,
        _ => {
            return Err(image_error(
                object,
                "Indexed colour space without a lookup table".into(),
            ));
        }
    };
    let n = base.components() as usize;
    let entries = lookup.chunks_exact(n).map(|e| match base {
        ColorModel::Gray | ColorModel::Indexed(_) => [e[0]; 3],
        ColorModel::Rgb => [e[0], e[1], e[2]],
        ColorModel::Cmyk => cmyk_to_rgb(e.iter().copied()),
    });
    Ok(entries.collect())
}

/// Applies the filters before the last (image) one, if any.
fn pre_decode(stream: &Stream, object: u32) -> Result<Vec<u8>, OcrError> {
    let filters = stream.filters().unwrap_or_default();
    if filters.len() <= 1 {
        return Ok(stream.content.clone());
    }
    let leading: Vec<Object> = filters[..filters.len() - 1]
        .iter()
        .map(|f| Object::Name(f.to_vec()))
        .collect();
    let mut dict = stream.dict.clone();
    dict.set("Filter", Object::Array(leading));
    dict.remove(b"DecodeParms");
    Stream::new(dict, stream.content.clone())
        .decompressed_content_with_limit(64 << 20)
        .map_err(|e| {
            image_error(
                object,
                format!("cannot decode the filters before the image filter: {e}"),
            )
        })
}

fn decode_jpeg(data: &[u8], info: &ImageInfo) -> Result<DynamicImage, OcrError> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    let gray = matches!(info.colors, ColorModel::Gray);
    let out = if gray {
        ColorSpace::Luma
    } else {
        ColorSpace::RGB
    };
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(out)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut decoder = JpegDecoder::new_with_options(data, options);
    let pixels = decoder
        .decode()
        .map_err(|e| image_error(info.object, format!("JPEG: {e:?}")))?;
    let (w, h) = decoder
        .dimensions()
        .map(|(w, h)| (w as u32, h as u32))
        .ok_or_else(|| image_error(info.object, "JPEG without dimensions".into()))?;
    let sized = ImageInfo {
        width: w,
        height: h,
        ..info.clone()
    };
    let invert = |px: Vec<u8>| {
        if info.inverted {
            px.into_iter().map(|v| 255 - v).collect()
        } else {
            px
        }
    };
    if gray {
        Ok(DynamicImage::ImageLuma8(gray_image(
            &sized,
            invert(pixels),
        )?))
    } else {
        Ok(DynamicImage::ImageRgb8(rgb_image(&sized, invert(pixels))?))
    }
}

/// CCITT group 3/4 fax → gray raster (0 black, 255 white).
fn decode_ccitt(stream: &Stream, object: u32, info: &ImageInfo) -> Result<DynamicImage, OcrError> {
    let params = stream.dict.get(b"DecodeParms").ok().and_then(|p| match p {
        Object::Array(a) => a.last().and_then(|d| d.as_dict().ok()),
        other => other.as_dict().ok(),
    });
    let param = |key: &[u8]| params.and_then(|d| d.get(key).ok());
    let k = param(b"K").and_then(|v| v.as_i64().ok()).unwrap_or(0);
    let columns = param(b"Columns")
        .and_then(|v| v.as_i64().ok())
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(1728);
    let rows = param(b"Rows")
        .and_then(|v| v.as_i64().ok())
        .and_then(|v| u32::try_from(v).ok());
    let black_is_1 = param(b"BlackIs1")
        .and_then(|v| v.as_bool().ok())
        .unwrap_or(false);
    let height = rows.unwrap_or(info.height).min(info.height);

    let data = pre_decode(stream, object)?;
    let mut px: Vec<u8> = Vec::with_capacity(columns as usize * height as usize);
    let mut lines = 0u32;
    let mut push_line = |transitions: &[u32]| {
        if lines < height {
            px.extend(fax::decoder::pels(transitions, columns).map(|c| match c {
                fax::Color::Black => 0u8,
                fax::Color::White => 255u8,
            }));
            lines += 1;
        }
    };
    let ok = if k < 0 {
        fax::decoder::decode_g4(data.iter().copied(), columns, Some(height), &mut push_line)
    } else {
        fax::decoder::decode_g3(data.iter().copied(), &mut push_line)
    };
    if ok.is_none() && lines == 0 {
        return Err(image_error(object, "CCITT data cannot be decoded".into()));
    }
    // Pad a short image with white rows rather than failing a whole page.
    px.resize(columns as usize * height as usize, 255);
    // `pels` yields black for decoded 1-runs; BlackIs1 and /Decode only swap meanings.
    if black_is_1 == info.inverted {
        // Default (BlackIs1 false, no inversion): fax black is ink, nothing to do.
    } else {
        px.iter_mut().for_each(|v| *v = 255 - *v);
    }
    let sized = ImageInfo {
        width: columns,
        height,
        ..info.clone()
    };
    Ok(DynamicImage::ImageLuma8(gray_image(&sized, px)?))
}

fn image_error(object: u32, reason: String) -> OcrError {
    OcrError::Image { object, reason }
}

/// For tools and tests that work without the extractor: the largest image
/// XObject drawn by page `page_number` (1-based) and the page's size in points
/// (MediaBox, `/Rotate` not applied).
pub fn page_scan(doc: &Document, page_number: u32) -> Option<(u32, f32, f32)> {
    let page_id = *doc.get_pages().get(&page_number)?;
    let page = doc.get_dictionary(page_id).ok()?;
    let media_box = inherited(doc, page, b"MediaBox")?
        .as_array()
        .ok()?
        .iter()
        .map(|v| v.as_float().ok())
        .collect::<Option<Vec<f32>>>()?;
    let [x0, y0, x1, y1] = media_box[..] else {
        return None;
    };
    let resources = inherited(doc, page, b"Resources")?.as_dict().ok()?;
    let xobjects = resources.get_deref(b"XObject", doc).ok()?.as_dict().ok()?;
    let image = xobjects
        .iter()
        .filter_map(|(_, v)| v.as_reference().ok())
        .filter_map(|id| {
            let dict = &doc.get_object(id).ok()?.as_stream().ok()?.dict;
            (dict.get(b"Subtype").and_then(Object::as_name).ok()? == b"Image").then_some(())?;
            let size = |k: &[u8]| dict.get(k).and_then(Object::as_i64).unwrap_or(0);
            Some((id.0, size(b"Width") * size(b"Height")))
        })
        .max_by_key(|&(_, area)| area)?;
    Some((image.0, (x1 - x0).abs(), (y1 - y0).abs()))
}

/// A page attribute, looked up through the page tree's parents.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = page;
    for _ in 0..32 {
        if let Ok(v) = dict.get_deref(key, doc) {
            return Some(v);
        }
        dict = dict.get_deref(b"Parent", doc).ok()?.as_dict().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn doc_with_image(dict: Dictionary, content: Vec<u8>) -> (Document, u32) {
        let mut doc = Document::with_version("1.5");
        let id = doc.add_object(Stream::new(dict, content));
        (doc, id.0)
    }

    #[test]
    fn raw_gray_pixels() {
        let dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 3, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        };
        let (doc, id) = doc_with_image(dict, vec![0, 128, 255, 10, 20, 30]);
        let img = decode_image_xobject(&doc, id).expect("decodes").to_luma8();
        assert_eq!(img.as_raw(), &vec![0, 128, 255, 10, 20, 30]);
    }

    #[test]
    fn one_bit_rows_are_byte_padded_and_decode_array_inverts() {
        // Width 10: each row takes 2 bytes. Decode [1 0]: a 1 bit is dark.
        let dict = dictionary! {
            "Subtype" => "Image", "Width" => 10, "Height" => 2, "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 1, "Decode" => vec![1.into(), 0.into()],
        };
        let (doc, id) = doc_with_image(dict, vec![0b1000_0000, 0b0100_0000, 0, 0]);
        let img = decode_image_xobject(&doc, id).expect("decodes").to_luma8();
        assert_eq!(img.get_pixel(0, 0).0[0], 0);
        assert_eq!(img.get_pixel(1, 0).0[0], 255);
        assert_eq!(img.get_pixel(9, 0).0[0], 0);
        assert!(img.rows().nth(1).expect("row 2").all(|p| p.0[0] == 255));
    }

    #[test]
    fn indexed_palette_expands_to_rgb() {
        let dict = dictionary! {
            "Subtype" => "Image", "Width" => 2, "Height" => 1, "BitsPerComponent" => 8,
            "ColorSpace" => vec![
                "Indexed".into(), "DeviceRGB".into(), 1.into(),
                Object::string_literal(vec![255u8, 0, 0, 0, 0, 255]),
            ],
        };
        let (doc, id) = doc_with_image(dict, vec![1, 0]);
        let img = decode_image_xobject(&doc, id).expect("decodes").to_rgb8();
        assert_eq!(img.get_pixel(0, 0).0, [0, 0, 255]);
        assert_eq!(img.get_pixel(1, 0).0, [255, 0, 0]);
    }

    #[test]
    fn ccitt_group4_round_trip() {
        let (w, h) = (16u32, 3u32);
        let black = |x: u32, y: u32| x >= 4 && x < 8 + y;
        let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
        for y in 0..h {
            let pels = (0..w).map(|x| {
                if black(x, y) {
                    fax::Color::Black
                } else {
                    fax::Color::White
                }
            });
            encoder.encode_line(pels, w).expect("encodes");
        }
        let data = encoder.finish().expect("finishes").finish();
        let dict = dictionary! {
            "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64, "BitsPerComponent" => 1,
            "ColorSpace" => "DeviceGray", "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! { "K" => -1, "Columns" => w as i64, "Rows" => h as i64 },
        };
        let (doc, id) = doc_with_image(dict, data);
        let img = decode_image_xobject(&doc, id).expect("decodes").to_luma8();
        for y in 0..h {
            for x in 0..w {
                let want = if black(x, y) { 0 } else { 255 };
                assert_eq!(img.get_pixel(x, y).0[0], want, "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn jpeg2000_is_reported_unsupported() {
        let dict = dictionary! {
            "Subtype" => "Image", "Width" => 2, "Height" => 2, "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8, "Filter" => "JPXDecode",
        };
        let (doc, id) = doc_with_image(dict, vec![0; 4]);
        let err = decode_image_xobject(&doc, id).expect_err("unsupported");
        assert!(err.to_string().contains("JPXDecode"), "{err}");
    }
}
