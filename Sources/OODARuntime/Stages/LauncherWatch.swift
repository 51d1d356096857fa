import Foundation
import Logging
import ServiceLifecycle

/// Stops a stage whose launcher is gone.
///
/// The launcher starts each stage in a process group of its own, so that a Ctrl-C at the terminal reaches the
/// launcher alone and it stops the stages in order (act last, after it has executed what decide recorded).
/// The price is that a launcher killed outright (SIGKILL, the OOM killer) no longer takes its stages with it:
/// this service, run in a stage the launcher started, notices that the stage's parent has changed and stops the
/// stage the graceful way, its log flushed.
struct LauncherWatch: Service {
    /// The variable the launcher sets in each stage's environment: its own pid.
    static let environmentKey = "OODA_LAUNCHER_PID"

    let launcher: pid_t
    let logger: Logger

    /// A watch on the launcher named in `environment`; nil for a stage started by hand.
    init?(environment: [String: String], logger: Logger) {
        guard let text = environment[Self.environmentKey], let pid = pid_t(text), pid > 1 else { return nil }
        self.launcher = pid
        self.logger = logger
    }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while getppid() == launcher {
                    try await Task.sleep(for: .milliseconds(250))
                }
                logger.warning(
                    "the launcher is gone; stopping",
                    metadata: ["launcher": "\(launcher)", "parent": "\(getppid())"]
                )
            }
        } catch is CancellationError {
            // The stage is stopping anyway.
        }
    }
}
