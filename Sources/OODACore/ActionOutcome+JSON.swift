// The hand-written JSON form of ActionOutcome and TargetState: the same bytes as their synthesized Codable
// conformances through JSONEncoder (keys sorted), read as JSONDecoder reads them.

extension ActionOutcome {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("action")
        writer.string(action.rawValue)
        writer.key("actuator")
        writer.string(actuator)
        writer.key("decision")
        writer.string(decision.rawValue)
        writer.key("details")
        writer.string(details)
        writer.key("executionNanos")
        writer.int64(executionNanos)
        writer.key("reconciled")
        writer.bool(reconciled)
        writer.key("state")
        state.writeJSON(to: &writer)
        writer.key("success")
        writer.bool(success)
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var decision: String?
        var action: Action?
        var success: Bool?
        var details: String?
        var executionNanos: Int64?
        var actuator: String?
        var state: TargetState?
        var reconciled: Bool?
        while let key = try reader.memberKey() {
            switch key {
            case "decision" where decision == nil: decision = try reader.readString()
            case "action" where action == nil: action = try reader.readEnumeration(Action.self)
            case "success" where success == nil: success = try reader.readBool()
            case "details" where details == nil: details = try reader.readString()
            case "executionNanos" where executionNanos == nil: executionNanos = try reader.readInteger(Int64.self)
            case "actuator" where actuator == nil: actuator = try reader.readString()
            case "state" where state == nil: state = try TargetState(json: &reader)
            case "reconciled" where reconciled == nil: reconciled = try reader.readBool()
            default: try reader.skipValue()
            }
        }
        self.init(
            decision: EventID(rawValue: try reader.required(decision, "decision", in: start)),
            action: try reader.required(action, "action", in: start),
            success: try reader.required(success, "success", in: start),
            details: try reader.required(details, "details", in: start),
            executionNanos: try reader.required(executionNanos, "executionNanos", in: start),
            actuator: try reader.required(actuator, "actuator", in: start),
            state: try reader.required(state, "state", in: start),
            reconciled: try reader.required(reconciled, "reconciled", in: start)
        )
    }
}

extension TargetState {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("lostReplicas")
        writer.int(lostReplicas)
        writer.key("maxReplicas")
        writer.int(maxReplicas)
        writer.key("minReplicas")
        writer.int(minReplicas)
        writer.key("replicas")
        writer.int(replicas)
        writer.key("revision")
        writer.int(revision)
        writer.key("tuning")
        writer.object(tuning) { writer, value in writer.double(value) }
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var replicas: Int?
        var minReplicas: Int?
        var maxReplicas: Int?
        var revision: Int?
        var tuning: [String: Double]?
        var lostReplicas: Int?
        while let key = try reader.memberKey() {
            switch key {
            case "replicas" where replicas == nil: replicas = try reader.readInteger(Int.self)
            case "minReplicas" where minReplicas == nil: minReplicas = try reader.readInteger(Int.self)
            case "maxReplicas" where maxReplicas == nil: maxReplicas = try reader.readInteger(Int.self)
            case "revision" where revision == nil: revision = try reader.readInteger(Int.self)
            case "tuning" where tuning == nil:
                tuning = try reader.readObject { reader throws(JSONProblem) in try reader.readDouble() }
            case "lostReplicas" where lostReplicas == nil: lostReplicas = try reader.readInteger(Int.self)
            default: try reader.skipValue()
            }
        }
        self.init(
            replicas: try reader.required(replicas, "replicas", in: start),
            minReplicas: try reader.required(minReplicas, "minReplicas", in: start),
            maxReplicas: try reader.required(maxReplicas, "maxReplicas", in: start),
            revision: try reader.required(revision, "revision", in: start),
            tuning: try reader.required(tuning, "tuning", in: start),
            lostReplicas: try reader.required(lostReplicas, "lostReplicas", in: start)
        )
    }
}
