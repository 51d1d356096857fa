import OODACore

/// Renders the launcher's status as a fixed-width table, one row per stage.
///
/// Pure: given the statuses and the current instant it returns text, so tests check it without a terminal.
public enum StatusTable {
    public static func render(_ statuses: [StageStatus], now: ContinuousClock.Instant) -> String {
        var lines = [
            pad("STAGE", 8) + pad("STATE", 22) + pad("PID", 8) + pad("UPTIME", 9) + pad("RESTARTS", 9)
                + pad("IN", 9) + pad("OUT", 9) + "LAST DECISION"
        ]
        for status in statuses {
            let uptime: String
            if case .ready = status.phase, let started = status.startedAt {
                uptime = format(now - started)
            } else {
                uptime = "-"
            }
            lines.append(
                pad(status.stage.rawValue, 8) + pad(status.phase.description, 22)
                    + pad(status.pid.map(String.init) ?? "-", 8) + pad(uptime, 9) + pad(String(status.restarts), 9)
                    + pad(status.heartbeat.map { String($0.messagesIn) } ?? "-", 9)
                    + pad(status.heartbeat.map { String($0.messagesOut) } ?? "-", 9)
                    + (status.lastDecision ?? "")
                    + (status.lastAction.map { "; last action \($0)" } ?? "")
            )
            if case .gaveUp(let reason) = status.phase {
                lines.append("        \(reason)")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width
            ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
        return "\(seconds / 3600)h\((seconds % 3600) / 60)m"
    }
}
