//! The PDF report (filled in below).

use super::ReportData;

/// Render the PDF report.
pub fn pdf(_d: &ReportData) -> Result<Vec<u8>, crate::Error> {
    Err(crate::Error::Report {
        what: "PDF report",
        message: "not yet".into(),
    })
}
