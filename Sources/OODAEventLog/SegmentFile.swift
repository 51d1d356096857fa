import Glibc

/// An open segment file: a file descriptor closed when the last reference goes.
///
/// A class, so that the group-commit flusher can hold a segment it is syncing while the writer rotates to the
/// next one; the descriptor stays valid until both let go. All calls retry `EINTR` and name the failing call.
package final class SegmentFile: @unchecked Sendable {
    // @unchecked: the descriptor is immutable after init, and the calls used on it (pwrite-free `write` by the
    // single writer, `fdatasync`, `pread`) are safe to make from several threads at once.
    package let descriptor: Int32
    package let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { _ = Glibc.close(descriptor) }

    /// Opens an existing segment to append to it.
    package static func openForAppend(_ path: String) throws(EventLogError) -> SegmentFile {
        try open(path, flags: O_WRONLY | O_APPEND | O_CLOEXEC)
    }

    /// Creates a new, empty segment; fails if it exists.
    package static func create(_ path: String) throws(EventLogError) -> SegmentFile {
        try open(path, flags: O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC)
    }

    /// Opens a segment to read it.
    package static func openForReading(_ path: String) throws(EventLogError) -> SegmentFile {
        try open(path, flags: O_RDONLY | O_CLOEXEC)
    }

    private static func open(_ path: String, flags: Int32) throws(EventLogError) -> SegmentFile {
        let descriptor = try retrying("open", path: path) { Glibc.open(path, flags, 0o644) }
        return SegmentFile(descriptor: descriptor, path: path)
    }

    /// Writes all the bytes at the end of the file.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(EventLogError) {
        var written = 0
        while written < bytes.count {
            let count = try Self.retrying("write", path: path) {
                Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            written += count
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns how many (0 at the end of the file).
    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(EventLogError) -> Int {
        try Self.retrying("pread", path: path) { pread(descriptor, buffer.baseAddress!, buffer.count, off_t(offset)) }
    }

    /// Makes what was written durable.
    package func sync() throws(EventLogError) {
        _ = try Self.retrying("fdatasync", path: path) { fdatasync(descriptor) }
    }

    /// Cuts the file to `length` bytes.
    package func truncate(to length: Int64) throws(EventLogError) {
        _ = try Self.retrying("ftruncate", path: path) { ftruncate(descriptor, off_t(length)) }
    }

    /// The file's size in bytes.
    package func size() throws(EventLogError) -> Int64 {
        var status = stat()
        _ = try Self.retrying("fstat", path: path) { fstat(descriptor, &status) }
        return Int64(status.st_size)
    }

    /// Runs a system call until it does not fail with `EINTR`; throws ``EventLogError/Code/io`` on failure.
    package static func retrying<Result: BinaryInteger>(
        _ call: String,
        path: String,
        _ body: () -> Result
    ) throws(EventLogError) -> Result {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT {
                throw EventLogError(.notFound, path: path, errno: code, "\(call) failed: no such file or directory")
            }
            throw EventLogError.system(call, path: path, errno: code)
        }
    }
}
