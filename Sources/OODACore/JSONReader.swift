#if canImport(Glibc)
import Glibc
#endif

/// A cursor over JSON bytes that accepts and rejects exactly what Foundation's `JSONDecoder` does.
///
/// Foundation reads in two passes, and so does the envelope decoder: ``skipValue()`` checks the structure the
/// way Foundation's scanner does (lazily: the insides of strings and numbers are not checked, trailing commas
/// are allowed, nesting stops at 512), then the typed reads (``readString()``, ``readDouble()``, …) convert the
/// values a type asks for strictly (escapes, UTF-8, number grammar, range). A syntax problem anywhere wins over
/// any problem with a value, as with Foundation.
///
/// - Important: `bytes` must outlive the reader; it never copies them.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Containers open around the position; Foundation refuses a 513th.
    private(set) var depth = 0
    /// True after a value: the next member or element needs a comma first.
    var afterValue = false

    static let maximumDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Skips a UTF-8 byte order mark at the start, which `JSONDecoder` ignores.
    mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws(JSONProblem) {
        skipWhitespace()
        if let byte = peek() { throw syntax("unexpected \(Self.show(byte)) after the top-level value") }
    }

    // MARK: structure, as Foundation's scanner checks it

    /// Skips one value, checking its structure as Foundation's scanner does.
    mutating func skipValue() throws(JSONProblem) {
        skipWhitespace()
        guard let byte = peek() else { throw syntax("unexpected end of data, expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try skipString()
        case UInt8(ascii: "{"):
            try enter()
            while try nextKey() != nil { try skipValue() }
        case UInt8(ascii: "["):
            try enter()
            while try nextElement() { try skipValue() }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = skipNumber()
        default:
            throw syntax("unexpected \(Self.show(byte)), expected a value")
        }
        afterValue = true
    }

    /// Consumes `{` or `[` at the position.
    mutating func enter() throws(JSONProblem) {
        guard depth < Self.maximumDepth else { throw syntax("more than \(Self.maximumDepth) nested containers") }
        depth += 1
        position += 1
        afterValue = false
    }

    /// The next member's key (with its `:` consumed), or nil after the object's `}`.
    mutating func nextKey() throws(JSONProblem) -> JSONKey? {
        guard try nextMember(closing: UInt8(ascii: "}")) else { return nil }
        return try readKey()
    }

    /// Whether the array has another element (the position is then at it), false after its `]`.
    mutating func nextElement() throws(JSONProblem) -> Bool {
        try nextMember(closing: UInt8(ascii: "]"))
    }

    private mutating func nextMember(closing: UInt8) throws(JSONProblem) -> Bool {
        skipWhitespace()
        if afterValue {
            guard let byte = peek() else { throw syntax("unexpected end of data in a container") }
            if byte == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                afterValue = false
                // Foundation accepts one trailing comma.
                if peek() == closing { return close() }
                return true
            }
            guard byte == closing else { throw syntax("unexpected \(Self.show(byte)) in a container") }
            return close()
        }
        guard let byte = peek() else { throw syntax("unexpected end of data in a container") }
        return byte == closing ? close() : true
    }

    private mutating func close() -> Bool {
        position += 1
        depth -= 1
        afterValue = true
        return false
    }

    /// Reads a member's key and the `:` after it.
    mutating func readKey() throws(JSONProblem) -> JSONKey {
        let start = position
        guard peek() == UInt8(ascii: "\"") else { throw syntax("expected a key in quotes") }
        let isSimple = try skipString()
        let key = JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(position - 1)]), isSimple: isSimple)
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw syntax("expected ':' after a key") }
        position += 1
        afterValue = false
        return key
    }

    /// Skips a string from its opening quote to after its closing quote, as Foundation's scanner does: escapes
    /// are only skipped (a `\u` must be followed by four bytes, none a quote), the rest is checked when decoded.
    /// Returns whether it is simple: ASCII without escapes or control characters, so its bytes are its text.
    mutating func skipString() throws(JSONProblem) -> Bool {
        position += 1
        var isSimple = true
        while position < bytes.count {
            // Eight plain ASCII bytes at a time (no quote, backslash, control or non-ASCII byte): most of a string.
            // The lowest flagged byte is a true one (a false flag only follows a true one), so skip to it.
            if position + 8 <= bytes.count, let base = bytes.baseAddress {
                let special = Self.specialBytes(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                guard special != 0 else {
                    position += 8
                    continue
                }
                position += special.trailingZeroBitCount >> 3
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return isSimple
            }
            if byte == UInt8(ascii: "\\") {
                isSimple = false
                guard position + 1 < bytes.count else { break }
                position += 2
                if bytes[position - 1] == UInt8(ascii: "u") {
                    guard position + 4 <= bytes.count else { break }
                    for offset in 0..<4 where bytes[position + offset] == UInt8(ascii: "\"") {
                        throw syntax("invalid \\u escape")
                    }
                    position += 4
                }
                continue
            }
            if byte < 0x20 || byte >= 0x80 { isSimple = false }
            position += 1
        }
        throw syntax("unexpected end of data in a string")
    }

    /// The high bit of each of the eight bytes (little-endian) that may be a quote, a backslash, a control
    /// character or non-ASCII; zero when none is (SWAR: `(v - 0x01…) & ~v` flags zero bytes of `v`).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let special =
            ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- ones &* 0x20) & ~word)
            | word
        return special & 0x8080_8080_8080_8080
    }

    /// Skips the bytes Foundation's scanner takes as a number (checked when decoded); returns where it began.
    mutating func skipNumber() -> Int {
        let start = position
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
                UInt8(ascii: "e"), UInt8(ascii: "E"):
                position += 1
            default:
                return start
            }
        }
        return start
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONProblem) {
        let matches = literal.withUTF8Buffer { literal in
            position + literal.count <= bytes.count
                && literal.indices.allSatisfy { bytes[position + $0] == literal[$0] }
        }
        guard matches else { throw syntax("invalid literal, expected '\(literal)'") }
        position += literal.utf8CodeUnitCount
        afterValue = true
    }

    func syntax(_ message: String) -> JSONProblem {
        JSONProblem(.syntax(message), at: position)
    }

    static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}

/// A member's key as it appears in the JSON, decoded to a String only when it has escapes or non-ASCII bytes.
struct JSONKey {
    /// The bytes between the quotes.
    let bytes: UnsafeBufferPointer<UInt8>
    /// ASCII without escapes or control characters: the bytes are the key.
    let isSimple: Bool

    /// The key's text, or nil when its escapes or UTF-8 are invalid.
    var string: String? {
        isSimple ? String(decoding: bytes, as: UTF8.self) : try? JSONReader.decodeString(bytes, at: 0)
    }

    /// Whether the key is `pattern`. A key with escapes is compared as a String, as `JSONDecoder` compares keys.
    static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        guard key.isSimple else { return key.string.map { $0 == pattern.description } ?? false }
        return pattern.withUTF8Buffer { pattern in
            guard pattern.count == key.bytes.count else { return false }
            guard let expected = pattern.baseAddress, let actual = key.bytes.baseAddress else { return true }
            return memcmp(expected, actual, pattern.count) == 0
        }
    }
}
