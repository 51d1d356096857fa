import Foundation

extension BusEndpoint {
    /// Creates the directory an `ipc://` endpoint's socket file lives in. (A stale socket file a killed process
    /// left behind is no obstacle: libzmq unlinks it when it binds.)
    func prepareLocalPath() throws {
        guard transport == .ipc else { return }
        let directory = (address as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }
}
