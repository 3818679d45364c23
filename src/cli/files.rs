//! Output files: written to a temporary file beside the target and renamed over it only
//! when the run succeeds, so that no partial output is ever left behind.

use super::Result;
use std::io::Write;
use std::path::{Path, PathBuf};
use uflpa_screen::Error;

/// What identifies a file: its canonical path (for a file that does not exist yet, the
/// canonical parent directory and the name) and, where it exists, its device and inode, so
/// that a hard link or a symlink to a file is the same file as the file.
#[derive(Debug, Clone)]
pub struct FileId {
    path: PathBuf,
    #[cfg(unix)]
    node: Option<(u64, u64)>,
    /// Exists and is not a regular file (a device, a FIFO): written straight through.
    special: bool,
}

impl FileId {
    /// The identity of `p`, whether or not it exists.
    pub fn of(p: &Path) -> FileId {
        let meta = std::fs::metadata(p).ok();
        let path = p.canonicalize().unwrap_or_else(|_| {
            let parent = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            match (parent.canonicalize(), p.file_name()) {
                (Ok(d), Some(n)) => d.join(n),
                _ => p.to_path_buf(),
            }
        });
        FileId {
            path,
            #[cfg(unix)]
            node: meta.as_ref().map(|m| {
                use std::os::unix::fs::MetadataExt;
                (m.dev(), m.ino())
            }),
            special: meta.is_some_and(|m| !m.is_file()),
        }
    }

    /// Exists and is not a regular file: writing it replaces nothing.
    pub fn is_special(&self) -> bool {
        self.special
    }

    /// The same file (or the same place for one not created yet)?
    pub fn same(&self, other: &FileId) -> bool {
        #[cfg(unix)]
        if let (Some(a), Some(b)) = (self.node, other.node) {
            return a == b;
        }
        self.path == other.path
    }
}

/// Temporary files of this process not yet committed or removed: what a signal handler
/// must delete before the process exits (see [`remove_on_signals`]).
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn forget(list: &mut Vec<PathBuf>, p: &Path) {
    if let Some(i) = list.iter().position(|x| x == p) {
        list.swap_remove(i);
    }
}

/// On SIGINT or SIGTERM: delete every temporary output file of the run (so that a stopped
/// run leaves neither a partial output nor a `.uflpa-screen-*.tmp` behind) and exit with
/// 128 + the signal number (130, 143), as a shell reports a process it stopped. A file
/// already renamed into place is complete and stays. Without the handler the default action
/// would end the process before the temporary files' destructors run. SIGHUP keeps its
/// default action, so that `nohup` (which ignores it) still works.
pub fn remove_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        // No handler: the default action stays (the run still stops on the signal).
        return;
    };
    let _ = std::thread::Builder::new()
        .name("uflpa-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // Held until exit: no commit can rename a file while they are removed.
                let list = live();
                for p in list.iter() {
                    let _ = std::fs::remove_file(p);
                }
                std::process::exit(128 + sig);
            }
        });
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

/// An output file. A regular file (or a new one) is written atomically: a temporary file
/// beside the target, renamed over it on success, so that no partial output is ever left.
/// A target that exists and is not a regular file (a character device such as `/dev/null`,
/// a FIFO, `/proc/self/fd/1`) is written straight through and never replaced; a symlink to a
/// regular file is followed, so the link stays and the file it points to gets the output.
pub struct AtomicOut {
    kind: Kind,
    target: PathBuf,
}

enum Kind {
    Temp(Option<tempfile::NamedTempFile>),
    Direct(std::fs::File),
}

impl AtomicOut {
    /// Open `target` for writing (see the type).
    pub fn create(target: &Path) -> Result<AtomicOut> {
        if let Ok(meta) = std::fs::metadata(target) {
            if !meta.is_file() {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(target)
                    .map_err(|e| Error::io(target, e))?;
                return Ok(AtomicOut {
                    kind: Kind::Direct(file),
                    target: target.to_path_buf(),
                });
            }
        }
        // A symlink to a regular file: replace the file it points to, not the link.
        let real = match std::fs::symlink_metadata(target) {
            Ok(m) if m.file_type().is_symlink() => target
                .canonicalize()
                .unwrap_or_else(|_| target.to_path_buf()),
            _ => target.to_path_buf(),
        };
        let dir = match real.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut list = live();
        let tmp = tempfile::Builder::new()
            .prefix(".uflpa-screen-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| Error::io(target, cannot_create_in(&dir, e)))?;
        list.push(tmp.path().to_path_buf());
        drop(list);
        Ok(AtomicOut {
            kind: Kind::Temp(Some(tmp)),
            target: real,
        })
    }

    fn file(&self) -> Option<&std::fs::File> {
        match &self.kind {
            Kind::Temp(t) => t.as_ref().map(|t| t.as_file()),
            Kind::Direct(f) => Some(f),
        }
    }

    /// A writer to the temporary file, or to the target itself when it is not a regular file
    /// (several may be taken in turn).
    pub fn writer(&self) -> Result<Box<dyn Write>> {
        let Some(file) = self.file() else {
            return Err(Error::Internal("output file already committed".into()).into());
        };
        let clone = || file.try_clone().map_err(|e| Error::io(&self.target, e));
        if let Kind::Direct(_) = self.kind {
            return Ok(Box::new(std::io::BufWriter::with_capacity(
                1 << 16,
                clone()?,
            )));
        }
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

    /// Sync the file and rename it over the target (nothing to do for a target written
    /// straight through).
    pub fn commit(mut self) -> Result<()> {
        let Kind::Temp(slot) = &mut self.kind else {
            return Ok(());
        };
        let Some(tmp) = slot.take() else {
            return Ok(());
        };
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.target, e))?;
        // Temporary files are created private (0600); the result is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        let mut list = live();
        let path = tmp.path().to_path_buf();
        let done = tmp.persist(&self.target);
        forget(&mut list, &path);
        drop(list);
        done.map_err(|e| Error::io(&self.target, e.error))?;
        Ok(())
    }
}

/// Why a file cannot be created in `dir`, without the name of the temporary file that was
/// tried (it means nothing to the user, who named the target).
fn cannot_create_in(dir: &Path, e: std::io::Error) -> std::io::Error {
    let kind = e.kind();
    // tempfile adds ` at path "DIR/.uflpa-screen-XXXX.tmp"` to the system's message.
    let text = e.to_string();
    let why = match text.rfind(" at path ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let message = if kind == std::io::ErrorKind::NotFound && !dir.is_dir() {
        format!(
            "cannot create it: the directory {} does not exist",
            dir.display()
        )
    } else {
        format!("cannot create a file in {}: {why}", dir.display())
    };
    std::io::Error::new(kind, message)
}

/// A new file in a directory that is named only when it is committed (the audit record,
/// named by its content): a temporary file is created at once, so that a directory that
/// cannot be written fails the run before any work, and is renamed, never over an existing
/// file, once complete. Dropped uncommitted (a failed run), it is removed: no partial file
/// is ever left, and a signal removes it as it removes other outputs; the directories it
/// created are removed too when they are left empty.
pub struct NewFile {
    dir: PathBuf,
    tmp: Option<tempfile::NamedTempFile>,
    /// The directories `create_in` made, deepest first.
    created: Vec<PathBuf>,
}

impl NewFile {
    /// Create the directory `dir` if missing, and a temporary file in it. Errors name `dir`
    /// and `option` (the option or key that named it).
    pub fn create_in(dir: &Path, option: &str) -> Result<NewFile> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{option} {}: exists and is not a directory",
                dir.display()
            ))
            .into());
        }
        // The directories that do not exist yet, deepest first: removed again if the run
        // fails before its record is written.
        let created: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Usage(format!(
                "{option} {}: cannot create the directory: {e}",
                dir.display()
            ))
        })?;
        let mut list = live();
        let tmp = tempfile::Builder::new()
            .prefix(".uflpa-screen-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                Error::Usage(format!(
                    "{option} {}: cannot write in the directory: {}",
                    dir.display(),
                    cannot_create_in(dir, e)
                ))
            })?;
        list.push(tmp.path().to_path_buf());
        drop(list);
        Ok(NewFile {
            dir: dir.to_path_buf(),
            tmp: Some(tmp),
            created,
        })
    }

    /// Write `bytes`, sync, and rename the file to `name(0)` in the directory, or to
    /// `name(1)`, `name(2)`, ... when a file of that name exists. Returns the path.
    pub fn commit(mut self, bytes: &[u8], name: impl Fn(u32) -> String) -> Result<PathBuf> {
        let Some(mut tmp) = self.tmp.take() else {
            return Err(Error::Internal("record file already committed".into()).into());
        };
        let shown = self.dir.join(name(0));
        tmp.write_all(bytes)
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| Error::io(&shown, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        let mut list = live();
        let temp_path = tmp.path().to_path_buf();
        let mut attempt = 0;
        let result = loop {
            let target = self.dir.join(name(attempt));
            match tmp.persist_noclobber(&target) {
                Ok(_) => break Ok(target),
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                    tmp = e.file;
                    attempt += 1;
                }
                Err(e) => break Err(Error::io(&target, e.error)),
            }
        };
        forget(&mut list, &temp_path);
        drop(list);
        Ok(result?)
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let mut list = live();
            let path = tmp.path().to_path_buf();
            drop(tmp);
            forget(&mut list, &path);
            drop(list);
            // A failed run leaves no directory behind that it made: `remove_dir` removes
            // only an empty one, so another run's record stops it.
            for d in &self.created {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
            }
        }
    }
}

impl Drop for AtomicOut {
    fn drop(&mut self) {
        if let Kind::Temp(slot) = &mut self.kind {
            if let Some(tmp) = slot.take() {
                let mut list = live();
                let path = tmp.path().to_path_buf();
                drop(tmp);
                forget(&mut list, &path);
            }
        }
    }
}

/// Standard output (or error) for a run's results and messages: once the reader has gone (a
/// broken pipe, as with `| head -1`), what is written is dropped and the run goes on to
/// the end, so the exit code is still the gate's and a truncating reader cannot turn a
/// failing screen into a pass.
pub struct PipeOut<W> {
    inner: W,
    gone: bool,
}

impl<W: Write> PipeOut<W> {
    /// Wrap `inner`.
    pub fn new(inner: W) -> PipeOut<W> {
        PipeOut { inner, gone: false }
    }
}

impl<W: Write> Write for PipeOut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.gone {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(buf.len())
            }
            r => r,
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.gone {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// Standard output that survives a reader going away (see [`PipeOut`]).
pub fn stdout() -> PipeOut<std::io::StdoutLock<'static>> {
    PipeOut::new(std::io::stdout().lock())
}

/// Standard error that survives a reader going away (see [`PipeOut`]).
pub fn stderr() -> PipeOut<std::io::StderrLock<'static>> {
    PipeOut::new(std::io::stderr().lock())
}
