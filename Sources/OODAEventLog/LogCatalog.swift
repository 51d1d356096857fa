import OODACore

/// Finds the logs a path names: the path itself if it holds segments, else its subdirectories that do
/// (`events/` holds `observe/`, `orient/`, `decide/`, `act/`).
package enum LogCatalog {
    /// The log directories under `path`, the loop's stages first in the order data flows, then the rest by name.
    ///
    /// - Throws: ``EventLogError/Code/notFound`` if `path` does not exist, ``EventLogError/Code/emptyLog`` if
    ///   it holds no log.
    package static func logs(at path: String) throws(EventLogError) -> [String] {
        let root = LogDirectory(path)
        guard root.exists else {
            throw EventLogError(
                .notFound,
                path: root.path,
                "no such directory; give an events directory (holding observe/, orient/, …) or one stage's log"
            )
        }
        if try root.entries().contains(where: { LogDirectory.segmentIndex(ofName: $0) != nil }) { return [root.path] }
        var logs: [String] = []
        for name in try root.entries() {
            let child = LogDirectory("\(root.path)/\(name)")
            guard child.exists, try child.entries().contains(where: { LogDirectory.segmentIndex(ofName: $0) != nil })
            else { continue }
            logs.append(name)
        }
        guard !logs.isEmpty else {
            throw EventLogError(
                .emptyLog,
                path: root.path,
                "no event log here: expected segment files (00000001.jsonl) or stage directories holding them"
            )
        }
        let stages = StageName.loop.map(\.rawValue)
        let ordered =
            stages.filter(logs.contains) + logs.filter { !stages.contains($0) }
        return ordered.map { "\(root.path)/\($0)" }
    }
}
