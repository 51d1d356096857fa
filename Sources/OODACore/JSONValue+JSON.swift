extension JSONValue {
    /// Writes the value as JSONEncoder writes it: object keys sorted by UTF-8 bytes, numbers as doubles (`30`
    /// for 30.0), non-finite numbers as `"NaN"`, `"+Inf"`, `"-Inf"`.
    func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .number(let value): writer.double(value)
        case .string(let value): writer.string(value)
        case .array(let values):
            writer.beginArray()
            for value in values { value.writeJSON(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.object(members) { writer, value in value.writeJSON(to: &writer) }
        }
    }

    /// Reads a value as ``JSONValue/init(from:)`` does through JSONDecoder: the strings `"NaN"`, `"+Inf"` and
    /// `"-Inf"` become numbers (it tries Double before String), and a number must fit a Double.
    init(json reader: inout JSONReader) throws(JSONProblem) {
        reader.skipWhitespace()
        switch reader.peek() {
        case UInt8(ascii: "n"):
            try reader.expectLiteral("null")
            self = .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            self = .bool(try reader.readBool())
        case UInt8(ascii: "\""):
            // JSONValue tries Double before String, so "NaN", "+Inf" and "-Inf" are numbers.
            let start = reader.position
            if let value = try? reader.readDouble() {
                self = .number(value)
            } else {
                reader.position = start
                self = .string(try reader.readString())
            }
        case UInt8(ascii: "["):
            self = .array(try reader.readArray { reader throws(JSONProblem) in try JSONValue(json: &reader) })
        case UInt8(ascii: "{"):
            self = .object(try reader.readObject { reader throws(JSONProblem) in try JSONValue(json: &reader) })
        default:
            self = .number(try reader.readDouble())
        }
    }
}
