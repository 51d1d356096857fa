/// A cursor over the bytes of one exposition line.
struct ExpositionLine {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        // A line ending in CRLF is read as if it ended in LF.
        if let last = bytes.last, last == UInt8(ascii: "\r") {
            self.bytes = UnsafeBufferPointer(rebasing: bytes.dropLast())
        } else {
            self.bytes = bytes
        }
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func advance() { index += 1 }

    mutating func skipBlanks() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    /// The bytes up to the next blank or the end.
    mutating func token() -> String {
        let start = index
        while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// A metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    mutating func metricName() throws(LineFailure) -> String {
        try identifier(allowingColon: true, what: "metric name")
    }

    /// A label set after its `{`, through the closing `}`; a trailing comma is allowed.
    mutating func labels() throws(LineFailure) -> [String: String] {
        var labels: [String: String] = [:]
        while true {
            skipBlanks()
            if peek == UInt8(ascii: "}") {
                advance()
                return labels
            }
            let name = try identifier(allowingColon: false, what: "label name")
            skipBlanks()
            guard peek == UInt8(ascii: "=") else { throw LineFailure("expected '=' after label name \(name)") }
            advance()
            skipBlanks()
            guard peek == UInt8(ascii: "\"") else { throw LineFailure("expected '\"' to open the value of \(name)") }
            advance()
            let value = try quoted(name)
            guard labels.updateValue(value, forKey: name) == nil else {
                throw LineFailure("label \(name) appears twice")
            }
            skipBlanks()
            switch peek {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"): continue
            default: throw LineFailure("expected ',' or '}' after the value of label \(name)")
            }
        }
    }

    /// The rest of a `# HELP` line, with `\\` and `\n` unescaped.
    mutating func helpText() throws(LineFailure) -> String {
        var out: [UInt8] = []
        while let byte = peek {
            advance()
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            switch peek {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
            default: throw LineFailure("invalid escape sequence in HELP text: use \\\\ or \\n")
            }
            advance()
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func quoted(_ label: String) throws(LineFailure) -> String {
        var out: [UInt8] = []
        while let byte = peek {
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                switch peek {
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                default: throw LineFailure("invalid escape sequence in the value of label \(label)")
                }
                advance()
            default:
                out.append(byte)
            }
        }
        throw LineFailure("the value of label \(label) is not closed by '\"'")
    }

    private mutating func identifier(allowingColon: Bool, what: String) throws(LineFailure) -> String {
        let start = index
        while let byte = peek, Self.isNameByte(byte, first: index == start, colon: allowingColon) { index += 1 }
        guard index > start else {
            let found = peek.map { "'\(Character(Unicode.Scalar($0)))'" } ?? "the end of the line"
            throw LineFailure("expected a \(what), found \(found)")
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private static func isNameByte(_ byte: UInt8, first: Bool, colon: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
        case UInt8(ascii: ":"): colon
        default: false
        }
    }
}
