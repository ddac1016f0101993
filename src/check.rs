//! Check stage: cross-field arithmetic; every mismatch becomes a warning, nothing is changed.
