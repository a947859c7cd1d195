//! Crime-science analyses as pure functions over planar points (metres) and counts: no I/O,
//! no store. The `atalaya` crate projects incidents into a local metric plane and calls these.
