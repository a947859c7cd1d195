//! Deterministic demo city (placeholder until the generator lands).
