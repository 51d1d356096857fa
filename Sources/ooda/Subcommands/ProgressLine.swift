import Foundation

/// A progress line on standard error, redrawn in place, only when standard error is a terminal.
final class ProgressLine: @unchecked Sendable {
    // Written from one task at a time (the replay's progress callback); the lock makes that a guarantee.
    private let lock = NSLock()
    private let noun: String
    private let started = ContinuousClock.now
    private let isTerminal = isatty(2) == 1
    private var shown = false

    init(noun: String) { self.noun = noun }

    func show(_ count: Int) {
        guard isTerminal else { return }
        lock.withLock {
            let seconds = Double((ContinuousClock.now - started).components.seconds) + 0.001
            FileHandle.standardError.write(Data("\r\(count) \(noun) (\(Int(Double(count) / seconds))/s)   ".utf8))
            shown = true
        }
    }

    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
