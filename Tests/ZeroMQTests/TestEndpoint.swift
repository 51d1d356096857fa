import Foundation

/// Endpoints unique to one test, so that tests never collide with each other or with another run.
enum TestEndpoint {
    /// An IPC endpoint in a fresh directory under /tmp (kept short: socket paths are limited to about 100 bytes).
    static func ipc(_ name: String = "socket") throws -> String {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("zmqt-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return "ipc://\(directory.path)/\(name)"
    }

    /// A loopback TCP endpoint on a port the system chooses; read the real one back after binding.
    static let anyLoopbackPort = "tcp://127.0.0.1:0"
}
