//! Encrypted store (placeholder).
