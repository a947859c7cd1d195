//! Atalaya library API (placeholder).
