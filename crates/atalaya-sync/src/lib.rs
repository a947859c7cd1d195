//! Sync between workstations and the central server: the wire protocol, per-field merge rules
//! with conflict records for guarded fields, and the client's push/pull engine. No I/O here
//! beyond what a caller hands in; the server and the HTTP client live elsewhere.
