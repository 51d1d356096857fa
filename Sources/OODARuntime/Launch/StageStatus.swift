import OODACore

/// What the launcher knows of one stage, for the status display.
public struct StageStatus: Sendable, Equatable {
    public enum Phase: Sendable, Equatable, CustomStringConvertible {
        case starting
        case ready
        case restarting(after: Duration)
        case gaveUp(reason: String)
        case stopped(exit: String)

        public var description: String {
            switch self {
            case .starting: "starting"
            case .ready: "ready"
            case .restarting(let delay): "restarting in \(delay)"
            case .gaveUp: "gave up"
            case .stopped(let exit): "stopped (\(exit))"
            }
        }
    }

    public var stage: StageName
    public var phase: Phase = .starting
    public var pid: Int32?
    /// When the current run started, on the launcher's monotonic clock.
    public var startedAt: ContinuousClock.Instant?
    public var restarts = 0
    /// Counters from the stage's last heartbeat.
    public var heartbeat: Heartbeat?
    /// The last decision seen (decide only), as one short line.
    public var lastDecision: String?
    /// The last decision that was not noop (decide only), as one short line.
    public var lastAction: String?

    public init(stage: StageName) { self.stage = stage }
}
