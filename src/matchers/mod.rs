//! Matchers answer small questions about a piece of text. They know nothing of rows or
//! verdicts; the [`crate::engine`] does.

pub mod entity;
pub mod region;
pub mod sector;
