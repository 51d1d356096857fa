/// Writes JSON bytes exactly as Foundation's `JSONEncoder` does with `.sortedKeys` and `.withoutEscapingSlashes`
/// and the `"NaN"`, `"+Inf"`, `"-Inf"` strategy for non-finite numbers.
///
/// The envelope's bytes are its identity in the event log (checksums and the hash chain cover them), so every
/// choice here copies `JSONEncoder`'s: no whitespace, `/` as is, `\b \t \n \f \r` short escapes and `\u00xx` in
/// lower-case hex for the other control characters, everything else (including non-ASCII) as UTF-8, and doubles
/// in Swift's shortest round-trip form with a trailing `.0` removed. Keys are written in the order the caller
/// gives; callers write them sorted by their UTF-8 bytes, as `.sortedKeys` does.
struct JSONWriter: ~Copyable {
    private var buffer: JSONOutputBuffer
    /// Whether the next member or element is the first of its container (no comma before it).
    private var first = true

    init(capacity: Int = 1024) {
        buffer = JSONOutputBuffer(capacity: capacity)
    }

    /// The JSON written so far.
    var bytes: [UInt8] { buffer.bytes }

    // MARK: containers

    mutating func beginObject() {
        separate()
        buffer.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func endObject() {
        buffer.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func beginArray() {
        separate()
        buffer.append(UInt8(ascii: "["))
        first = true
    }

    mutating func endArray() {
        buffer.append(UInt8(ascii: "]"))
        first = false
    }

    /// Writes `"key":`; the value written next is the member's value.
    mutating func key(_ key: StaticString) {
        separate()
        buffer.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { buffer.append(contentsOf: $0) }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UInt8(ascii: ":"))
        first = true
    }

    /// Writes `"key":` for a key that may need escaping (dictionary keys).
    mutating func key(_ key: String) {
        string(key)
        buffer.append(UInt8(ascii: ":"))
        first = true
    }

    // MARK: values

    mutating func null() {
        separate()
        append("null")
    }

    mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
    }

    mutating func string(_ value: String) {
        separate()
        buffer.append(UInt8(ascii: "\""))
        if value.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var value = value
            value.withUTF8 { appendEscaped($0) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) { int64(Int64(value)) }

    mutating func int64(_ value: Int64) {
        separate()
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
    }

    mutating func uint64(_ value: UInt64) {
        separate()
        appendDigits(value)
    }

    mutating func double(_ value: Double) {
        guard value.isFinite else {
            separate()
            append(value.isNaN ? "\"NaN\"" : value < 0 ? "\"-Inf\"" : "\"+Inf\"")
            return
        }
        if let integral = Int64(exactly: value), integral.magnitude < 1 << 53, !(integral == 0 && value.sign == .minus)
        {
            // `description` writes integers below 2^53 as digits and `.0` (2^53 and above switch to an exponent
            // at 1e16); JSONEncoder drops the `.0`. Writing the digits directly saves building a String.
            int64(integral)
            return
        }
        separate()
        var text = value.description
        text.withUTF8 { text in
            let end = text.count >= 2 && text[text.count - 2] == UInt8(ascii: ".") && text[text.count - 1] == 0x30
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<(end ? text.count - 2 : text.count)]))
        }
    }

    // MARK: collections

    mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    mutating func doubles(_ values: [Double]) {
        beginArray()
        for value in values { double(value) }
        endArray()
    }

    /// An object with the dictionary's keys sorted by their UTF-8 bytes, as `.sortedKeys` sorts them.
    mutating func object<Value>(_ members: [String: Value], value: (inout JSONWriter, Value) -> Void) {
        beginObject()
        // One member needs no sorting, and so no array: most label sets have one.
        if members.count == 1, let (key, member) = members.first {
            self.key(key)
            value(&self, member)
            endObject()
            return
        }
        for (key, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            self.key(key)
            value(&self, member)
        }
        endObject()
    }

    /// An object keyed by an enumeration's raw values; `order` lists every case sorted by raw value's UTF-8.
    mutating func object<Key: RawRepresentable<String>, Value>(
        _ members: [Key: Value],
        order: [Key],
        value: (inout JSONWriter, Value) -> Void
    ) {
        beginObject()
        for key in order {
            guard let member = members[key] else { continue }
            self.key(key.rawValue)
            value(&self, member)
        }
        endObject()
    }

    // MARK: bytes

    private mutating func separate() {
        if first {
            first = false
        } else {
            buffer.append(UInt8(ascii: ","))
        }
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    private mutating func appendDigits(_ value: UInt64) {
        guard value >= 10 else {
            buffer.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64.max's 20 digits
        withUnsafeMutableBytes(of: &digits) { digits in
            var value = value
            var index = digits.count
            while value > 0 {
                let (quotient, remainder) = value.quotientAndRemainder(dividingBy: 10)
                index -= 1
                digits[index] = 0x30 &+ UInt8(truncatingIfNeeded: remainder)
                value = quotient
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[index...]))
        }
    }

    private mutating func appendEscaped(_ text: UnsafeBufferPointer<UInt8>) {
        buffer.reserve(text.count)
        for byte in text {
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                buffer.appendReserved(byte)
                continue
            }
            // An escape takes up to 6 bytes for 1: room for it and for the rest of the text.
            buffer.reserve(text.count + 6)
            buffer.appendReserved(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.appendReserved(byte)
            case 0x08: buffer.appendReserved(UInt8(ascii: "b"))
            case 0x09: buffer.appendReserved(UInt8(ascii: "t"))
            case 0x0A: buffer.appendReserved(UInt8(ascii: "n"))
            case 0x0C: buffer.appendReserved(UInt8(ascii: "f"))
            case 0x0D: buffer.appendReserved(UInt8(ascii: "r"))
            default:
                let hex: StaticString = "0123456789abcdef"
                buffer.appendReserved(UInt8(ascii: "u"))
                buffer.appendReserved(0x30)
                buffer.appendReserved(0x30)
                hex.withUTF8Buffer {
                    buffer.appendReserved($0[Int(byte >> 4)])
                    buffer.appendReserved($0[Int(byte & 0xF)])
                }
            }
        }
    }
}
