//! Links the `evalform` binary as a position-dependent executable on Linux:
//! a position-independent one of this size carries about 100,000 relative
//! relocations that the dynamic loader applies (dirtying their pages) on
//! every start, about 1.2 ms of CPU — a fifth of reading a whole form.
//! Batch workers start once, but `evalform extract FILE` starts per file.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
