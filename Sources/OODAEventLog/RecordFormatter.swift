import Foundation
import OODACore

/// One line of text per record for `ooda log cat`: time, source, kind, sequence and the fields that matter.
public enum RecordFormatter {
    /// `2024-11-24T01:02:03.456Z decide decision #42 action=scaleUp proposed=scaleUp confidence=0.91 …`
    public static func text(_ record: LogRecord) -> String {
        text(record.envelope)
    }

    /// The same line for an envelope received from the bus (`ooda tap`).
    public static func text(_ envelope: Envelope) -> String {
        let head = "\(EventTime.format(envelope.timeNanos)) \(envelope.source) \(envelope.kind) #\(envelope.sequence)"
        let fields = keyFields(envelope.body)
        return fields.isEmpty ? head : "\(head) \(fields.joined(separator: " "))"
    }

    static func keyFields(_ body: MessageBody) -> [String] {
        switch body {
        case .observation(let observation):
            let shown = observation.samples.prefix(4).map { "\($0.series)=\(number($0.value))" }
            let more = observation.samples.count > 4 ? ["+\(observation.samples.count - 4) more"] : []
            return shown + more
        case .orientation(let orientation):
            return [
                "recommended=\(orientation.recommended)", "confidence=\(number(orientation.confidence))",
                "nis=\(number(orientation.nis))",
            ]
        case .decision(let decision):
            var fields = [
                "action=\(decision.action)", "proposed=\(decision.proposed)",
                "confidence=\(number(decision.confidence))", "mode=\(decision.mode)", "policy=\(decision.policy)",
            ]
            if let replicas = decision.targetReplicas { fields.append("replicas=\(replicas)") }
            if !decision.guardRails.isEmpty {
                fields.append("rails=\(decision.guardRails.map(\.name).joined(separator: ","))")
            }
            return fields
        case .actionOutcome(let outcome):
            return [
                "decision=\(outcome.decision)", "action=\(outcome.action)", "success=\(outcome.success)",
                "replicas=\(outcome.state.replicas)", "details=\(quoted(outcome.details))",
            ] + (outcome.reconciled ? ["reconciled"] : [])
        case .stageStarted(let started):
            return ["stage=\(started.stage)", "version=\(started.version)"] + (started.continued ? ["continued"] : [])
        case .heartbeat(let beat):
            return [
                "in=\(beat.messagesIn)", "out=\(beat.messagesOut)", "rejected=\(beat.rejected)", "gaps=\(beat.gaps)",
            ]
        }
    }

    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : "\(rounded)"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
