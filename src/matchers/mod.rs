//! Matchers answer small questions about a piece of text ("which Xinjiang places does this
//! address name, and how sure is that?", "which listed entity might this name be?", "which
//! sector are these goods in?", "which watched names does this row carry?"). They know
//! nothing of verdicts: the [`crate::engine`] records their answers as findings and
//! [`crate::verdict`] decides.

pub mod entity;
pub mod region;
pub mod sector;
pub mod watch;
