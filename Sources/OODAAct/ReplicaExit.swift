/// A replica process of the process actuator that ended, asked to or not.
public struct ReplicaExit: Sendable, Equatable, CustomStringConvertible {
    /// The replica's number: 1 for the first started, and so on.
    public var replica: Int
    /// Its process id.
    public var pid: Int32
    /// How it ended: `exited(0)`, `signaled(9)` (killed by SIGKILL), or why it failed to run.
    public var status: String
    /// True when the actuator stopped it (scale-down, restart); false when it died on its own.
    public var requested: Bool

    public init(replica: Int, pid: Int32, status: String, requested: Bool) {
        self.replica = replica
        self.pid = pid
        self.status = status
        self.requested = requested
    }

    public var description: String {
        "replica \(replica) (pid \(pid)) \(requested ? "stopped" : "died"): \(status)"
    }
}
