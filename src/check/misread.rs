//! Other readings of a printed number: the digits a scan or a font confuses
//! (3 and 8, 1 and 7, 0 and 6 …) and a lost or extra decimal point. A check
//! that one of them repairs points at that cell: the disagreement is more
//! likely ours than the form's.

/// Digits read for one another.
fn confusable(d: char) -> &'static [char] {
    match d {
        '0' => &['6', '8', '9'],
        '1' => &['4', '7'],
        '2' => &['7'],
        '3' => &['5', '8'],
        '4' => &['1', '9'],
        '5' => &['3', '6', '8'],
        '6' => &['0', '5', '8'],
        '7' => &['1', '2'],
        '8' => &['0', '3', '6', '9'],
        '9' => &['0', '4', '8'],
        _ => &[],
    }
}

/// The other readings of `x` as it would be printed (at most two decimals).
pub fn readings(x: f64) -> Vec<f64> {
    let printed = shortest(x);
    let mut out = Vec::new();
    for (i, d) in printed.char_indices() {
        for &c in confusable(d) {
            let mut s = printed.clone();
            s.replace_range(i..i + 1, &c.to_string());
            if let Ok(v) = s.parse::<f64>() {
                out.push(v);
            }
        }
    }
    out.extend([x * 10.0, x / 10.0, x * 100.0, x / 100.0]);
    if x < 0.0 {
        out.push(-x);
    }
    out.retain(|v| v.is_finite() && (v - x).abs() > 1e-9);
    out
}

/// `x` as printed: no trailing zeros, at most four decimals.
pub fn shortest(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Decimals `x` is printed with (`96.48` → 2, `98` → 0).
pub fn decimals(x: f64) -> usize {
    shortest(x).split_once('.').map_or(0, |(_, d)| d.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_points() {
        let r = readings(18.5);
        assert!(r.contains(&13.5), "{r:?}");
        assert!(r.contains(&185.0), "{r:?}");
        assert!(!r.contains(&18.5));
        assert_eq!(shortest(92.3300), "92.33");
        assert_eq!(decimals(98.0), 0);
        assert_eq!(decimals(96.48), 2);
    }
}
