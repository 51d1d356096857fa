public import Foundation
import Synchronization

/// A fresh directory under `/tmp`, unique to one test, removed when the test process exits.
///
/// The path is short on purpose: tests put IPC sockets in it, and a socket path has a limit of 107 bytes.
/// Every directory made here is removed at exit, whatever the tests made in it (logs, sockets, journals), so a
/// run of the suite leaves nothing behind. Set `OODA_KEEP_TEST_FILES=1` to keep them for a post-mortem; each
/// directory's name starts with the test's name.
public func makeTemporaryDirectory(_ name: String = #function) throws -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }.prefix(16)
    let url = URL(fileURLWithPath: "/tmp/ooda-\(safe)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    TemporaryDirectories.shared.add(url.path)
    return url
}

/// The directories made for this process's tests, and the exit handler that removes them.
final class TemporaryDirectories: Sendable {
    static let shared = TemporaryDirectories()

    private let paths = Mutex<[String]>([])

    func add(_ path: String) {
        let isFirst = paths.withLock { paths in
            paths.append(path)
            return paths.count == 1
        }
        if isFirst { atexit { TemporaryDirectories.shared.removeAll() } }
    }

    func removeAll() {
        guard ProcessInfo.processInfo.environment["OODA_KEEP_TEST_FILES"] != "1" else { return }
        for path in paths.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
