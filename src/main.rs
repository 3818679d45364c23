//! The `uflpa-screen` binary: argument parsing, wiring, exit codes. All logic is in the
//! library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if let Some(uflpa_screen::Error::Io { source, .. }) =
                e.downcast_ref::<uflpa_screen::Error>()
            {
                if source.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
