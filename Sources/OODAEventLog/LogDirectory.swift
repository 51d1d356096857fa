import Glibc

/// One log's directory, `events/<stage>/`, and the segment files in it: `00000001.jsonl`, `00000002.jsonl`, …
///
/// Segments are numbered from 1 without gaps; a record's sequence continues from one segment to the next. The
/// oldest segments may have been removed (oldest first): the log then starts at the oldest segment kept.
package struct LogDirectory: Sendable, Equatable {
    package let path: String

    package init(_ path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The name of segment `index`: eight digits and `.jsonl`.
    package static func segmentName(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".jsonl"
    }

    /// The segment index a file name stands for, or nil if it is not a segment's name.
    package static func segmentIndex(ofName name: String) -> Int? {
        guard name.hasSuffix(".jsonl") else { return nil }
        let stem = name.dropLast(6)
        guard stem.count >= 8, stem.allSatisfy(\.isASCII), stem.allSatisfy(\.isNumber) else { return nil }
        guard let index = Int(stem), index > 0 else { return nil }
        return index
    }

    package func segmentPath(_ index: Int) -> String { "\(path)/\(Self.segmentName(index))" }

    /// Whether the directory exists.
    package var exists: Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names of the entries in the directory, sorted.
    package func entries() throws(EventLogError) -> [String] {
        guard let stream = opendir(path) else {
            let code = errno
            if code == ENOENT {
                throw EventLogError(.notFound, path: path, errno: code, "no such directory; check the path")
            }
            throw EventLogError.system("opendir", path: path, errno: code)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The indices of the segments present, ascending; checks that they run without a gap from the oldest one
    /// kept. That is 1 unless older segments were removed to free the disk (oldest first): the log then starts
    /// at a later record, and its first record's `prev` is taken on trust.
    package func segments() throws(EventLogError) -> [Int] {
        let indices = try entries().compactMap(Self.segmentIndex(ofName:)).sorted()
        guard let first = indices.first else { return [] }
        for (position, index) in indices.enumerated() where index != first + position {
            throw EventLogError(
                .corruptRecord,
                path: segmentPath(first + position),
                "segment \(Self.segmentName(first + position)) is missing (the next present is "
                    + "\(Self.segmentName(index))); segments must run without gaps from the oldest one kept "
                    + "(\(Self.segmentName(first))), so remove old segments oldest first"
            )
        }
        return indices
    }

    /// The size of segment `index` in bytes.
    package func segmentSize(_ index: Int) throws(EventLogError) -> Int64 {
        var status = stat()
        let path = segmentPath(index)
        guard stat(path, &status) == 0 else { throw EventLogError.system("stat", path: path, errno: errno) }
        return Int64(status.st_size)
    }

    /// Creates the directory and any missing parents, and makes each new entry durable in its parent.
    package func create() throws(EventLogError) {
        var components: [String] = []
        var current = path
        while !current.isEmpty, current != "/", !LogDirectory(current).exists {
            components.append(current)
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
        }
        for directory in components.reversed() {
            if mkdir(directory, 0o755) != 0 && errno != EEXIST {
                throw EventLogError.system("mkdir", path: directory, errno: errno)
            }
            let parent = directory.lastIndex(of: "/").map { String(directory[..<$0]) } ?? "."
            try LogDirectory(parent.isEmpty ? "/" : parent).sync()
        }
    }

    /// Makes the directory's entries (a new segment's name) durable.
    package func sync() throws(EventLogError) {
        let descriptor = try SegmentFile.retrying("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(descriptor) }
        _ = try SegmentFile.retrying("fsync", path: path) { fsync(descriptor) }
    }

    /// Takes the log's writer lock: an exclusive `flock` on the directory, held until the descriptor closes.
    ///
    /// - Returns: the descriptor that holds the lock.
    /// - Throws: ``EventLogError/Code/locked`` if another writer holds it.
    package func lockForWriting() throws(EventLogError) -> Int32 {
        let descriptor = try SegmentFile.retrying("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        do {
            _ = try SegmentFile.retrying("flock", path: path) { flock(descriptor, LOCK_EX | LOCK_NB) }
        } catch let error where error.errno == EWOULDBLOCK {
            close(descriptor)
            throw EventLogError(
                .locked,
                path: path,
                errno: error.errno,
                "another writer has this log open; each log has one writer (stop the other process first)"
            )
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }
}
