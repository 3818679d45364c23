//! The `uflpa-screen` binary: argument parsing, wiring, exit codes. All logic is in the
//! library.

mod cli;

use std::io::Write;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: small short-lived allocations on every
/// screening thread, without glibc's arena contention and consolidation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::files::remove_on_signals();
    match cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // Results go through `files::PipeOut`, which outlives a closed reader; a broken
            // pipe that still gets here comes from a command without a gate.
            if let Some(uflpa_screen::Error::Io { source, .. }) =
                e.downcast_ref::<uflpa_screen::Error>()
            {
                if source.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            let message = match e.downcast_ref::<uflpa_screen::Error>() {
                Some(l) => l.for_humans(),
                None => uflpa_screen::text::for_humans(&e.to_string()).into_owned(),
            };
            let _ = writeln!(cli::files::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}
