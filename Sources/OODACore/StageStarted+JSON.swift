// The hand-written JSON form of StageStarted and Heartbeat: the same bytes as their synthesized Codable
// conformances through JSONEncoder (keys sorted), read as JSONDecoder reads them.

extension StageStarted {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("configuration")
        configuration.writeJSON(to: &writer)
        if continued {
            writer.key("continued")
            writer.bool(true)
        }
        writer.key("resumedSequences")
        writer.object(resumedSequences, order: MessageKind.sortedByName) { writer, sequence in writer.uint64(sequence) }
        writer.key("stage")
        writer.string(stage.rawValue)
        writer.key("version")
        writer.string(version)
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var version: String?
        var stage: String?
        var configuration: JSONValue?
        var resumedSequences: [MessageKind: UInt64]?
        var continued: Bool?
        while let key = try reader.memberKey() {
            switch key {
            case "continued" where continued == nil:
                // decodeIfPresent: null is the same as absent.
                continued = try reader.readNull() ? false : reader.readBool()
            case "version" where version == nil: version = try reader.readString()
            case "stage" where stage == nil: stage = try reader.readString()
            case "configuration" where configuration == nil: configuration = try JSONValue(json: &reader)
            case "resumedSequences" where resumedSequences == nil:
                resumedSequences = try reader.readObject(keyedBy: MessageKind.self) { reader throws(JSONProblem) in
                    try reader.readInteger(UInt64.self)
                }
            default: try reader.skipValue()
            }
        }
        self.init(
            version: try reader.required(version, "version", in: start),
            stage: StageName(rawValue: try reader.required(stage, "stage", in: start)),
            configuration: try reader.required(configuration, "configuration", in: start),
            resumedSequences: try reader.required(resumedSequences, "resumedSequences", in: start),
            continued: continued ?? false
        )
    }
}

extension Heartbeat {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("gaps")
        writer.uint64(gaps)
        writer.key("messagesIn")
        writer.uint64(messagesIn)
        writer.key("messagesOut")
        writer.uint64(messagesOut)
        writer.key("rejected")
        writer.uint64(rejected)
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var messagesIn: UInt64?
        var messagesOut: UInt64?
        var rejected: UInt64?
        var gaps: UInt64?
        while let key = try reader.memberKey() {
            switch key {
            case "messagesIn" where messagesIn == nil: messagesIn = try reader.readInteger(UInt64.self)
            case "messagesOut" where messagesOut == nil: messagesOut = try reader.readInteger(UInt64.self)
            case "rejected" where rejected == nil: rejected = try reader.readInteger(UInt64.self)
            case "gaps" where gaps == nil: gaps = try reader.readInteger(UInt64.self)
            default: try reader.skipValue()
            }
        }
        self.init(
            messagesIn: try reader.required(messagesIn, "messagesIn", in: start),
            messagesOut: try reader.required(messagesOut, "messagesOut", in: start),
            rejected: try reader.required(rejected, "rejected", in: start),
            gaps: try reader.required(gaps, "gaps", in: start)
        )
    }
}

extension MessageKind {
    /// Every kind sorted by its name's UTF-8 bytes: the order JSONEncoder's `.sortedKeys` writes them in.
    static let sortedByName = allCases.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }
}
