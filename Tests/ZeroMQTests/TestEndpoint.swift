import Foundation
import OODATestSupport

/// Endpoints unique to one test, so that tests never collide with each other or with another run.
enum TestEndpoint {
    /// An IPC endpoint in a fresh directory under /tmp, removed when the tests end.
    static func ipc(_ name: String = "socket") throws -> String {
        "ipc://\(try makeTemporaryDirectory("zmq").path)/\(name)"
    }

    /// A loopback TCP endpoint on a port the system chooses; read the real one back after binding.
    static let anyLoopbackPort = "tcp://127.0.0.1:0"
}
