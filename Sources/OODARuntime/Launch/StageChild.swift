import Logging
import OODACore
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// One stage run as a child process of the launcher: started, watched, restarted with backoff, and stopped
/// with SIGTERM (then SIGKILL after a grace period) when its task is cancelled.
///
/// The child says it is ready by printing ``StageChild/readyLine`` on its standard output; every other line
/// it prints is passed on to the launcher's log, prefixed with the stage.
struct StageChild: Sendable {
    /// The line a stage prints on standard output once it has bound, opened its log and subscribed.
    static let readyLine = "ooda-stage-ready"

    let stage: StageName
    let executable: String
    let arguments: [String]
    let policy: RestartPolicy
    let gracePeriod: Duration
    let board: LaunchStatusBoard
    let logger: Logger

    /// Runs the stage until the task is cancelled (a requested stop) or the policy gives up.
    ///
    /// - Parameter onReady: called each time a run of the child reports ready.
    /// - Returns: the reason, when the launcher gave up on the stage; nil after a requested stop.
    func supervise(onReady: @escaping @Sendable () -> Void) async -> String? {
        var record = RestartPolicy.Record()
        while true {
            let started = ContinuousClock.now
            board.update(stage) {
                $0.phase = .starting
                $0.startedAt = started
                $0.restarts = record.restarts
            }
            let exit = await runOnce(onReady: onReady)
            if Task.isCancelled {
                board.update(stage) { $0.phase = .stopped(exit: exit) }
                return nil
            }
            logger.warning("stage exited unexpectedly", metadata: ["stage": "\(stage)", "exit": "\(exit)"])
            switch policy.afterExit(of: &record, runTime: ContinuousClock.now - started, exit: exit) {
            case .restart(let delay):
                board.update(stage) {
                    $0.phase = .restarting(after: delay)
                    $0.restarts = record.restarts
                    $0.pid = nil
                }
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    board.update(stage) { $0.phase = .stopped(exit: exit) }
                    return nil
                }
            case .giveUp(let reason):
                board.update(stage) { $0.phase = .gaveUp(reason: reason) }
                return "\(stage) \(reason)"
            }
        }
    }

    /// One run of the child; returns how it ended.
    private func runOnce(onReady: @escaping @Sendable () -> Void) async -> String {
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: gracePeriod)]
        // A process group of its own: a Ctrl-C at the terminal reaches the launcher alone, which stops the stages
        // in order. The stage stops by itself if the launcher dies (LauncherWatch, told the launcher's pid).
        options.processGroupID = 0
        let stage = self.stage
        let board = self.board
        let logger = self.logger
        do {
            let result = try await run(
                .path(FilePath(executable)),
                arguments: Arguments(arguments),
                environment: .inherit.updating([.init(stringLiteral: LauncherWatch.environmentKey): "\(getpid())"]),
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                board.update(stage) { $0.pid = pid }
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask {
                        for try await line in execution.standardOutput.strings() {
                            let text = line.trimmingTrailingNewline
                            if text == Self.readyLine {
                                board.update(stage) { $0.phase = .ready }
                                onReady()
                            } else {
                                logger.info("\(text)", metadata: ["stage": "\(stage)"])
                            }
                        }
                    }
                    group.addTask {
                        for try await line in execution.standardError.strings() {
                            StandardError.write("[\(stage)] \(line.trimmingTrailingNewline)\n")
                        }
                    }
                }
            }
            return Self.describe(result.terminationStatus)
        } catch {
            logger.error("could not run the stage", metadata: ["stage": "\(stage)", "error": "\(error)"])
            return "failed to start: \(error)"
        }
    }

    static func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "signal \(signal)"
        }
    }
}

extension String {
    fileprivate var trimmingTrailingNewline: String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
