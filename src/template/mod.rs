//! Template stage: map a [`crate::layout::FormLayout`] to an `evalform/1` document
//! through declarative template files (`templates/*.toml`).
