//! Numbers as printed decimals: the shortest text that reads back as the same `f64`.

/// `10.0` → `10`, `2222.37` → `2222.37`, `-0.0` → `0`; NaN and infinities (which no
/// form prints) → empty, like a null.
pub fn decimal(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if value == 0.0 {
        // Drops the sign of -0.0, which no form prints.
        return "0".to_string();
    }
    // Rust's `Display` for f64 is the shortest round-trip decimal, never in exponent form.
    format!("{value}")
}

/// An optional number as a CSV field: empty for null.
pub fn optional(value: Option<f64>) -> String {
    value.map(decimal).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_print_without_fraction() {
        assert_eq!(decimal(10.0), "10");
        assert_eq!(decimal(0.0), "0");
        assert_eq!(decimal(-0.0), "0");
        assert_eq!(decimal(-3.0), "-3");
    }

    #[test]
    fn fractions_print_shortest() {
        assert_eq!(decimal(2222.37), "2222.37");
        assert_eq!(decimal(96.48), "96.48");
        assert_eq!(decimal(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(decimal(1e21), "1000000000000000000000");
        assert_eq!(decimal(1.5e-7), "0.00000015");
    }

    #[test]
    fn non_finite_and_null_are_empty() {
        assert_eq!(decimal(f64::NAN), "");
        assert_eq!(optional(None), "");
        assert_eq!(optional(Some(1234.5)), "1234.5");
    }
}
