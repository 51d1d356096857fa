import Foundation

/// A child process whose standard output the test reads line by line, with a deadline, through `poll`.
final class ChildProcess {
    private let pid: pid_t
    private let output: Int32
    private var exited = false

    init(_ executable: String, arguments: [String]) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            throw POSIXError(.init(rawValue: status) ?? .EIO)
        }
        self.pid = pid
        self.output = pipeEnds[0]
    }

    deinit {
        if !exited {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(output)
    }

    /// Reads lines until `count` have come, sends SIGKILL, and reads what was written before the kill.
    ///
    /// - Returns: every complete line the child wrote.
    func readLinesThenKill(after count: Int, deadline: Duration) throws -> [String] {
        let end = ContinuousClock.now.advanced(by: deadline)
        var buffer: [UInt8] = []
        var lines = 0
        var killed = false
        var chunk = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < end {
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) >= 0 || errno == EINTR else { break }
            guard descriptor.revents != 0 else { continue }
            let read = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress!, $0.count) }
            if read < 0 && errno == EINTR { continue }
            if read <= 0 { break }
            buffer += chunk[..<read]
            lines += chunk[..<read].filter { $0 == 0x0A }.count
            if !killed && lines >= count {
                kill(pid, SIGKILL)
                killed = true
            }
        }
        if !killed { kill(pid, SIGKILL) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        exited = true
        let text = String(decoding: buffer, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
