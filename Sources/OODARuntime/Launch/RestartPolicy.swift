/// When a crashed stage is restarted, and when the launcher gives up on it.
///
/// Pure: it is told when each run started and ended and answers with a verdict, so that tests drive it
/// with made-up times.
public struct RestartPolicy: Sendable, Equatable, Codable {
    /// The delay before the first restart.
    public var initialBackoff: Duration
    /// The longest delay between restarts.
    public var maximumBackoff: Duration
    /// A run shorter than this is a fast crash: it doubles the backoff. A longer run resets it.
    public var stableRun: Duration
    /// How many fast crashes in a row make the launcher give up on the stage.
    public var maximumFastCrashes: Int

    public init(
        initialBackoff: Duration = .milliseconds(200),
        maximumBackoff: Duration = .seconds(10),
        stableRun: Duration = .seconds(10),
        maximumFastCrashes: Int = 5
    ) {
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.stableRun = stableRun
        self.maximumFastCrashes = maximumFastCrashes
    }

    /// What to do after a run ended.
    public enum Verdict: Sendable, Equatable {
        /// Start it again after this delay.
        case restart(after: Duration)
        /// Stop trying; the reason says why, for the operator.
        case giveUp(reason: String)
    }

    /// The running tally of one stage's crashes.
    public struct Record: Sendable, Equatable {
        /// Fast crashes in a row.
        public var fastCrashes = 0
        /// Restarts so far.
        public var restarts = 0
        public init() {}
    }

    /// Records a run that ended (with a crash or any exit the launcher did not ask for) and says what to do.
    ///
    /// - Parameters:
    ///   - runTime: how long the run lasted.
    ///   - exit: how it ended, for the give-up message (`exit status 3`, `signal 9`).
    public func afterExit(of record: inout Record, runTime: Duration, exit: String) -> Verdict {
        if runTime < stableRun {
            record.fastCrashes += 1
        } else {
            record.fastCrashes = 1
        }
        if record.fastCrashes >= maximumFastCrashes {
            return .giveUp(
                reason: "crashed \(record.fastCrashes) times in a row, each within \(stableRun) of starting "
                    + "(last: \(exit)); fix the cause, then launch again"
            )
        }
        record.restarts += 1
        var delay = initialBackoff
        for _ in 1..<record.fastCrashes { delay = min(delay * 2, maximumBackoff) }
        return .restart(after: delay)
    }
}
