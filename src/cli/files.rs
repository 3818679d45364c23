//! Output files: written to a temporary file beside the target and renamed over it only
//! when the run succeeds, so that no partial output is ever left behind.

use super::Result;
use std::io::Write;
use std::path::{Path, PathBuf};
use uflpa_screen::Error;

/// Same file? Compares canonical paths where both exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes through a buffer and, every [`SyncingWriter::EVERY`] bytes, has a helper thread
/// start moving what was written to disk, so that the disk works while the screen does and
/// the sync of [`AtomicOut::commit`] has little left to wait for.
struct SyncingWriter {
    inner: std::io::BufWriter<std::fs::File>,
    since: usize,
    tx: Option<std::sync::mpsc::SyncSender<()>>,
    helper: Option<std::thread::JoinHandle<()>>,
}

impl SyncingWriter {
    const EVERY: usize = 16 << 20;
}

impl Write for SyncingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.since += n;
        if self.since >= Self::EVERY {
            self.since = 0;
            self.inner.flush()?;
            if let Some(tx) = &self.tx {
                // A sync already pending covers this one too.
                let _ = tx.try_send(());
            }
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for SyncingWriter {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(h) = self.helper.take() {
            let _ = h.join();
        }
    }
}

/// A file written atomically: a temporary file beside the target, renamed on success.
pub struct AtomicOut {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicOut {
    /// A temporary file beside `target`.
    pub fn create(target: &Path) -> Result<AtomicOut> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".uflpa-screen-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| Error::io(target, e))?;
        Ok(AtomicOut {
            tmp,
            target: target.to_path_buf(),
        })
    }

    /// A writer to the temporary file (several may be taken in turn).
    pub fn writer(&self) -> Result<Box<dyn Write>> {
        let clone = || {
            self.tmp
                .as_file()
                .try_clone()
                .map_err(|e| Error::io(&self.target, e))
        };
        let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
        let file = clone()?;
        let helper = std::thread::Builder::new()
            .name("uflpa-sync".into())
            .spawn(move || {
                for () in rx {
                    // Errors show again, and are reported, at the sync of `commit`.
                    let _ = file.sync_data();
                }
            })
            .map_err(|e| Error::io(&self.target, e))?;
        Ok(Box::new(SyncingWriter {
            inner: std::io::BufWriter::with_capacity(1 << 16, clone()?),
            since: 0,
            tx: Some(tx),
            helper: Some(helper),
        }))
    }

    /// Sync the file and rename it over the target.
    pub fn commit(self) -> Result<()> {
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.target, e))?;
        // Temporary files are created private (0600); the result is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(self.tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        self.tmp
            .persist(&self.target)
            .map_err(|e| Error::io(&self.target, e.error))?;
        Ok(())
    }
}
