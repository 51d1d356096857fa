// The hand-written JSON form of Decision, GuardRail, EngineSnapshot and ReplicaRecommendation: the same bytes
// as their synthesized Codable conformances through JSONEncoder (keys sorted, nil optionals omitted), read as
// JSONDecoder reads them (an optional that is absent or null is nil).

extension Decision {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("action")
        writer.string(action.rawValue)
        writer.key("confidence")
        writer.double(confidence)
        writer.key("engine")
        engine.writeJSON(to: &writer)
        writer.key("guardRails")
        writer.beginArray()
        for rail in guardRails { rail.writeJSON(to: &writer) }
        writer.endArray()
        writer.key("mode")
        writer.string(mode.rawValue)
        writer.key("policy")
        writer.string(policy)
        writer.key("proposed")
        writer.string(proposed.rawValue)
        writer.key("reasoning")
        writer.strings(reasoning)
        if let targetReplicas {
            writer.key("targetReplicas")
            writer.int(targetReplicas)
        }
        writer.key("threshold")
        writer.double(threshold)
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var action: Action?
        var proposed: Action?
        var confidence: Double?
        var mode: DecisionMode?
        var threshold: Double?
        var reasoning: [String]?
        var guardRails: [GuardRail]?
        var policy: String?
        var targetReplicas: Int??
        var engine: EngineSnapshot?
        while let key = try reader.memberKey() {
            switch key {
            case "action" where action == nil: action = try reader.readEnumeration(Action.self)
            case "proposed" where proposed == nil: proposed = try reader.readEnumeration(Action.self)
            case "confidence" where confidence == nil: confidence = try reader.readDouble()
            case "mode" where mode == nil: mode = try reader.readEnumeration(DecisionMode.self)
            case "threshold" where threshold == nil: threshold = try reader.readDouble()
            case "reasoning" where reasoning == nil: reasoning = try reader.readStrings()
            case "guardRails" where guardRails == nil:
                guardRails = try reader.readArray { reader throws(JSONProblem) in try GuardRail(json: &reader) }
            case "policy" where policy == nil: policy = try reader.readString()
            case "targetReplicas" where targetReplicas == nil:
                targetReplicas = .some(try reader.readNull() ? nil : reader.readInteger(Int.self))
            case "engine" where engine == nil: engine = try EngineSnapshot(json: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            action: try reader.required(action, "action", in: start),
            proposed: try reader.required(proposed, "proposed", in: start),
            confidence: try reader.required(confidence, "confidence", in: start),
            mode: try reader.required(mode, "mode", in: start),
            threshold: try reader.required(threshold, "threshold", in: start),
            reasoning: try reader.required(reasoning, "reasoning", in: start),
            guardRails: try reader.required(guardRails, "guardRails", in: start),
            policy: try reader.required(policy, "policy", in: start),
            targetReplicas: targetReplicas ?? nil,
            engine: try reader.required(engine, "engine", in: start)
        )
    }
}

extension GuardRail {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("detail")
        writer.string(detail)
        writer.key("from")
        writer.string(from.rawValue)
        writer.key("name")
        writer.string(name)
        writer.key("to")
        writer.string(to.rawValue)
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var name: String?
        var from: Action?
        var to: Action?
        var detail: String?
        while let key = try reader.memberKey() {
            switch key {
            case "name" where name == nil: name = try reader.readString()
            case "from" where from == nil: from = try reader.readEnumeration(Action.self)
            case "to" where to == nil: to = try reader.readEnumeration(Action.self)
            case "detail" where detail == nil: detail = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            name: try reader.required(name, "name", in: start),
            from: try reader.required(from, "from", in: start),
            to: try reader.required(to, "to", in: start),
            detail: try reader.required(detail, "detail", in: start)
        )
    }
}

extension EngineSnapshot {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("decisions")
        writer.uint64(decisions)
        writer.key("lastActionNanos")
        writer.object(lastActionNanos, order: Action.sortedByName) { writer, nanos in writer.int64(nanos) }
        writer.key("recommendations")
        writer.beginArray()
        for recommendation in recommendations {
            writer.beginObject()
            writer.key("replicas")
            writer.int(recommendation.replicas)
            writer.key("timeNanos")
            writer.int64(recommendation.timeNanos)
            writer.endObject()
        }
        writer.endArray()
        if let replicas {
            writer.key("replicas")
            writer.int(replicas)
        }
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var lastActionNanos: [Action: Int64]?
        var recommendations: [ReplicaRecommendation]?
        var replicas: Int??
        var decisions: UInt64?
        while let key = try reader.memberKey() {
            switch key {
            case "lastActionNanos" where lastActionNanos == nil:
                lastActionNanos = try reader.readObject(keyedBy: Action.self) { reader throws(JSONProblem) in
                    try reader.readInteger(Int64.self)
                }
            case "recommendations" where recommendations == nil:
                recommendations = try reader.readArray { reader throws(JSONProblem) in
                    try ReplicaRecommendation(json: &reader)
                }
            case "replicas" where replicas == nil:
                replicas = .some(try reader.readNull() ? nil : reader.readInteger(Int.self))
            case "decisions" where decisions == nil: decisions = try reader.readInteger(UInt64.self)
            default: try reader.skipValue()
            }
        }
        self.init(
            lastActionNanos: try reader.required(lastActionNanos, "lastActionNanos", in: start),
            recommendations: try reader.required(recommendations, "recommendations", in: start),
            replicas: replicas ?? nil,
            decisions: try reader.required(decisions, "decisions", in: start)
        )
    }
}

extension ReplicaRecommendation {
    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var timeNanos: Int64?
        var replicas: Int?
        while let key = try reader.memberKey() {
            switch key {
            case "timeNanos" where timeNanos == nil: timeNanos = try reader.readInteger(Int64.self)
            case "replicas" where replicas == nil: replicas = try reader.readInteger(Int.self)
            default: try reader.skipValue()
            }
        }
        self.init(
            timeNanos: try reader.required(timeNanos, "timeNanos", in: start),
            replicas: try reader.required(replicas, "replicas", in: start)
        )
    }
}
