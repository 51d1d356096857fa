// The hand-written JSON form of Orientation and FilterSnapshot: the same bytes as their synthesized Codable
// conformances through JSONEncoder (keys sorted), read as JSONDecoder reads them.

extension Orientation {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("confidence")
        writer.double(confidence)
        writer.key("fields")
        writer.strings(fields)
        writer.key("filter")
        filter.writeJSON(to: &writer)
        writer.key("innovation")
        writer.doubles(innovation)
        writer.key("level")
        writer.doubles(level)
        writer.key("nis")
        writer.double(nis)
        writer.key("reasoning")
        writer.strings(reasoning)
        writer.key("recommended")
        writer.string(recommended.rawValue)
        writer.key("scores")
        writer.object(scores, order: Action.sortedByName) { writer, score in writer.double(score) }
        writer.key("trend")
        writer.doubles(trend)
        writer.key("variance")
        writer.doubles(variance)
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var fields: [String]?
        var level: [Double]?
        var trend: [Double]?
        var variance: [Double]?
        var innovation: [Double]?
        var nis: Double?
        var scores: [Action: Double]?
        var recommended: Action?
        var confidence: Double?
        var reasoning: [String]?
        var filter: FilterSnapshot?
        while let key = try reader.memberKey() {
            switch key {
            case "fields" where fields == nil: fields = try reader.readStrings()
            case "level" where level == nil: level = try reader.readDoubles()
            case "trend" where trend == nil: trend = try reader.readDoubles()
            case "variance" where variance == nil: variance = try reader.readDoubles()
            case "innovation" where innovation == nil: innovation = try reader.readDoubles()
            case "nis" where nis == nil: nis = try reader.readDouble()
            case "scores" where scores == nil:
                scores = try reader.readObject(keyedBy: Action.self) { reader throws(JSONProblem) in
                    try reader.readDouble()
                }
            case "recommended" where recommended == nil: recommended = try reader.readEnumeration(Action.self)
            case "confidence" where confidence == nil: confidence = try reader.readDouble()
            case "reasoning" where reasoning == nil: reasoning = try reader.readStrings()
            case "filter" where filter == nil: filter = try FilterSnapshot(json: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            fields: try reader.required(fields, "fields", in: start),
            level: try reader.required(level, "level", in: start),
            trend: try reader.required(trend, "trend", in: start),
            variance: try reader.required(variance, "variance", in: start),
            innovation: try reader.required(innovation, "innovation", in: start),
            nis: try reader.required(nis, "nis", in: start),
            scores: try reader.required(scores, "scores", in: start),
            recommended: try reader.required(recommended, "recommended", in: start),
            confidence: try reader.required(confidence, "confidence", in: start),
            reasoning: try reader.required(reasoning, "reasoning", in: start),
            filter: try reader.required(filter, "filter", in: start)
        )
    }
}

extension FilterSnapshot {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("adaptive")
        writer.doubles(adaptive)
        writer.key("covariance")
        writer.doubles(covariance)
        writer.key("lastTimeNanos")
        writer.int64(lastTimeNanos)
        writer.key("measurementNoise")
        writer.doubles(measurementNoise)
        writer.key("state")
        writer.doubles(state)
        writer.key("steps")
        writer.uint64(steps)
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var state: [Double]?
        var covariance: [Double]?
        var measurementNoise: [Double]?
        var adaptive: [Double]?
        var steps: UInt64?
        var lastTimeNanos: Int64?
        while let key = try reader.memberKey() {
            switch key {
            case "state" where state == nil: state = try reader.readDoubles()
            case "covariance" where covariance == nil: covariance = try reader.readDoubles()
            case "measurementNoise" where measurementNoise == nil: measurementNoise = try reader.readDoubles()
            case "adaptive" where adaptive == nil: adaptive = try reader.readDoubles()
            case "steps" where steps == nil: steps = try reader.readInteger(UInt64.self)
            case "lastTimeNanos" where lastTimeNanos == nil: lastTimeNanos = try reader.readInteger(Int64.self)
            default: try reader.skipValue()
            }
        }
        self.init(
            state: try reader.required(state, "state", in: start),
            covariance: try reader.required(covariance, "covariance", in: start),
            measurementNoise: try reader.required(measurementNoise, "measurementNoise", in: start),
            adaptive: try reader.required(adaptive, "adaptive", in: start),
            steps: try reader.required(steps, "steps", in: start),
            lastTimeNanos: try reader.required(lastTimeNanos, "lastTimeNanos", in: start)
        )
    }
}

extension Action {
    /// Every action sorted by its name's UTF-8 bytes: the order JSONEncoder's `.sortedKeys` writes them in.
    static let sortedByName = allCases.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }
}
