import OODACore
import OODAEventLog

/// One decision's causal chain, read from the event logs: the observations that fed it, the orientation it
/// was decided from, the decision, and the action's outcome when there is one.
public struct DecisionTrail: Sendable {
    public var decision: Envelope
    public var orientation: Envelope?
    public var observations: [Envelope]
    public var outcome: Envelope?

    /// Which decision to explain.
    public enum Selector: Sendable, Equatable {
        case id(EventID)
        case last
        /// The last decision whose action is not `noop`.
        case lastAction
    }

    /// Why a trail could not be built.
    public struct NotFound: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the trail of one decision from the logs under `eventsDirectory` (one directory per stage).
    ///
    /// Each stage's log is streamed once, looking only for the ids it needs, so memory stays flat on long logs.
    ///
    /// - Throws: ``NotFound`` when there is no such decision, or the ``EventLogError`` of a damaged log.
    public static func read(_ selector: Selector, eventsDirectory: String) throws -> DecisionTrail {
        let directory = { (stage: StageName) in "\(eventsDirectory)/\(stage.rawValue)" }
        guard let decision = try findDecision(selector, in: directory(.decide)) else {
            switch selector {
            case .id(let id):
                throw NotFound(
                    description:
                        "no decision '\(id)' in \(directory(.decide)); list them with `ooda log cat \(eventsDirectory) --kind decision`"
                )
            case .last, .lastAction:
                throw NotFound(description: "no decision yet in \(directory(.decide))")
            }
        }
        let orientation = try find(ids: Set(decision.causes), kind: .orientation, in: directory(.orient)).first
        let observationIDs = Set(orientation?.causes ?? [])
        let observations = try find(ids: observationIDs, kind: .observation, in: directory(.observe))
        let outcome = try firstRecord(in: directory(.act)) { $0.body.actionOutcome?.decision == decision.id }
        return DecisionTrail(decision: decision, orientation: orientation, observations: observations, outcome: outcome)
    }

    private static func findDecision(_ selector: Selector, in directory: String) throws -> Envelope? {
        var found: Envelope?
        try forEachEnvelope(in: directory) { envelope in
            guard let decision = envelope.body.decision else { return true }
            switch selector {
            case .id(let id):
                if envelope.id == id {
                    found = envelope
                    return false
                }
            case .last:
                found = envelope
            case .lastAction:
                if decision.action != .noop { found = envelope }
            }
            return true
        }
        return found
    }

    private static func find(ids: Set<EventID>, kind: MessageKind, in directory: String) throws -> [Envelope] {
        guard !ids.isEmpty else { return [] }
        var found: [Envelope] = []
        try forEachEnvelope(in: directory) { envelope in
            if envelope.kind == kind, ids.contains(envelope.id) { found.append(envelope) }
            return found.count < ids.count
        }
        return found
    }

    private static func firstRecord(in directory: String, where matches: (Envelope) -> Bool) throws -> Envelope? {
        var found: Envelope?
        try forEachEnvelope(in: directory) { envelope in
            if matches(envelope) {
                found = envelope
                return false
            }
            return true
        }
        return found
    }

    /// Streams a stage's envelopes; `body` returns false to stop. A missing log is an empty one (a stage that
    /// never ran has no trail to give), any other problem is thrown.
    private static func forEachEnvelope(in directory: String, _ body: (Envelope) throws -> Bool) throws {
        var stream = try LogStream(directory: directory)
        while let envelope = try stream.next() {
            guard try body(envelope) else { return }
        }
    }
}
