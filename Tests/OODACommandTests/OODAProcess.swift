import Foundation

/// An `ooda` child process for the command tests, with its output captured in files so that a test can wait
/// for a line without a pipe filling up.
final class OODAProcess: @unchecked Sendable {
    // Only the test that made it touches it.
    let process = Process()
    let stdout: URL
    let stderr: URL

    /// The `ooda` binary built beside the test bundle.
    static let executable: URL = {
        let bundle = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
        )
        return bundle.deletingLastPathComponent().appendingPathComponent("ooda")
    }()

    init(_ arguments: [String], in directory: URL, name: String) throws {
        stdout = directory.appendingPathComponent("\(name).out")
        stderr = directory.appendingPathComponent("\(name).err")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
    }

    var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit, killing it after `limit`.
    @discardableResult
    func wait(limit: Duration = .seconds(60)) async throws -> Int32 {
        try await eventually(limit, "ooda \(process.arguments?.joined(separator: " ") ?? "") to exit") {
            !self.process.isRunning
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Runs `ooda` to completion and returns its exit status, standard output and standard error.
func runOODA(
    _ arguments: [String],
    in directory: URL,
    limit: Duration = .seconds(60)
) async throws
    -> (status: Int32, output: String, errors: String)
{
    let name = "run-\(UUID().uuidString.prefix(8))"
    let child = try OODAProcess(arguments, in: directory, name: name)
    let status = try await child.wait(limit: limit)
    return (status, child.output, child.errors)
}

/// Checks `condition` until it holds, failing after `limit`. The condition is a file another process writes
/// or a process's state: there is no event to wait on, so it is checked every 20 ms, and the bound keeps a
/// broken build from hanging the suite.
func eventually(_ limit: Duration, _ what: String, _ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what, limit: limit) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var limit: Duration
    var description: String { "timed out after \(limit) waiting for \(what)" }
}
