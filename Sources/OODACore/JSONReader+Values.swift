extension JSONReader {
    /// Consumes the `{` of an object and returns its offset.
    ///
    /// - Throws: ``JSONProblem`` when the value is null or not an object.
    mutating func beginObject(_ type: String) throws(JSONProblem) -> Int {
        let start = try valueStart(type, expecting: UInt8(ascii: "{"))
        try enter()
        return start
    }

    /// Consumes the `[` of an array and returns its offset.
    mutating func beginArray(_ type: String) throws(JSONProblem) -> Int {
        let start = try valueStart(type, expecting: UInt8(ascii: "["))
        try enter()
        return start
    }

    /// The next key of an object being decoded; keys with escapes must decode, as `JSONDecoder` decodes them all.
    mutating func memberKey() throws(JSONProblem) -> JSONKey? {
        guard let key = try nextKey() else { return nil }
        if !key.isSimple, key.string == nil, let base = bytes.baseAddress, let keyBase = key.bytes.baseAddress {
            throw JSONProblem(.invalid("a key is not valid UTF-8 or has an invalid escape"), at: keyBase - base - 1)
        }
        return key
    }

    /// Consumes `null` and returns true if it is next.
    mutating func readNull() throws(JSONProblem) -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    mutating func readString() throws(JSONProblem) -> String {
        let start = try valueStart("String", expecting: UInt8(ascii: "\""))
        let isSimple = try skipString()
        afterValue = true
        let content = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(position - 1)])
        return isSimple ? String(decoding: content, as: UTF8.self) : try Self.decodeString(content, at: start)
    }

    mutating func readBool() throws(JSONProblem) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            _ = try valueStart("Bool", expecting: nil)
            return false
        }
    }

    /// A number, or one of the strings `"NaN"`, `"+Inf"`, `"-Inf"`.
    mutating func readDouble() throws(JSONProblem) -> Double {
        skipWhitespace()
        let start = position
        switch peek() ?? 0 {
        case UInt8(ascii: "\""):
            // JSONDecoder compares the string's bytes as written: an escaped "N" does not make "NaN".
            let isSimple = try skipString()
            afterValue = true
            let content = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(position - 1)])
            if isSimple, content.elementsEqual("NaN".utf8) { return .nan }
            if isSimple, content.elementsEqual("+Inf".utf8) { return .infinity }
            if isSimple, content.elementsEqual("-Inf".utf8) { return -.infinity }
            throw JSONProblem(.typeMismatch("Double"), at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let (value, end) = JSONNumber.plainDecimal(bytes, from: start) {
                position = end
                afterValue = true
                return value
            }
            _ = skipNumber()
            afterValue = true
            return try JSONNumber(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start).double()
        default:
            _ = try valueStart("Double", expecting: nil)
            return 0
        }
    }

    /// An integer, read exactly (never through Double) unless written with a fraction or exponent, which
    /// `JSONDecoder` accepts when the value is integral.
    mutating func readInteger<Integer: FixedWidthInteger>(_: Integer.Type) throws(JSONProblem) -> Integer {
        skipWhitespace()
        let start = position
        switch peek() ?? 0 {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = skipNumber()
            afterValue = true
            return try JSONNumber(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start).integer()
        default:
            _ = try valueStart("\(Integer.self)", expecting: nil)
            return 0
        }
    }

    /// Checks the next value starts with `byte` and returns its offset; otherwise throws the problem
    /// `JSONDecoder` reports: null where `type` is required, or a type mismatch.
    private mutating func valueStart(_ type: String, expecting byte: UInt8?) throws(JSONProblem) -> Int {
        skipWhitespace()
        let start = position
        let next = peek()
        if let byte, next == byte { return start }
        switch next {
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            throw JSONProblem(.null(type), at: start)
        case nil: throw syntax("unexpected end of data, expected a value")
        default: throw JSONProblem(.typeMismatch(type), at: start)
        }
    }

    /// Decodes a string's content strictly, as `JSONDecoder` does when it reads a string value or a key.
    ///
    /// - Throws: ``JSONProblem`` for a control character, an invalid escape, a lone surrogate or invalid UTF-8.
    static func decodeString(_ content: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONProblem) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(content.count)
        var index = 0
        func invalid(_ why: String) -> JSONProblem { JSONProblem(.invalid("the string has \(why)"), at: offset) }
        func hex(at index: Int) throws(JSONProblem) -> UInt16 {
            guard index + 4 <= content.count else { throw invalid("a truncated \\u escape") }
            var value: UInt16 = 0
            for byte in content[index..<(index + 4)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw invalid("an invalid \\u escape")
                }
                value = value << 4 | UInt16(digit)
            }
            return value
        }
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                guard byte >= 0x20 else { throw invalid("an unescaped control character") }
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < content.count else { throw invalid("a truncated escape") }
            let escaped = content[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escaped)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try hex(at: index)
                index += 4
                var scalar = Unicode.Scalar(unit)
                if UTF16.isLeadSurrogate(unit) {
                    guard index + 2 <= content.count, content[index] == UInt8(ascii: "\\"),
                        content[index + 1] == UInt8(ascii: "u")
                    else { throw invalid("a lone surrogate") }
                    let trail = try hex(at: index + 2)
                    guard UTF16.isTrailSurrogate(trail) else { throw invalid("a lone surrogate") }
                    index += 6
                    scalar = UTF16.decode(UTF16.EncodedScalar([unit, trail]))
                }
                guard let scalar else { throw invalid("a lone surrogate") }
                output.append(contentsOf: UTF8.encode(scalar)!)
            default:
                throw invalid("an invalid escape")
            }
        }
        // Escapes produce whole sequences, so checking the whole output checks the raw parts between them.
        guard let text = String(validating: output, as: UTF8.self) else { throw invalid("invalid UTF-8") }
        return text
    }
}

extension JSONReader {
    /// The value of a member that must be present: `JSONDecoder`'s missing-field error otherwise.
    func required<Value>(_ value: Value?, _ key: String, in object: Int) throws(JSONProblem) -> Value {
        guard let value else { throw JSONProblem(.missing(key), at: object) }
        return value
    }

    mutating func readArray<Element>(
        _ element: (inout JSONReader) throws(JSONProblem) -> Element
    ) throws(JSONProblem) -> [Element] {
        _ = try beginArray("JSON array")
        var elements: [Element] = []
        while try nextElement() {
            // One allocation for most arrays instead of growing 1, 2, 4, 8.
            if elements.isEmpty { elements.reserveCapacity(16) }
            elements.append(try element(&self))
        }
        return elements
    }

    mutating func readDoubles() throws(JSONProblem) -> [Double] {
        try readArray { reader throws(JSONProblem) in try reader.readDouble() }
    }

    mutating func readStrings() throws(JSONProblem) -> [String] {
        try readArray { reader throws(JSONProblem) in try reader.readString() }
    }

    /// An object as a dictionary; of duplicate keys the first wins and the others are skipped, as in `JSONDecoder`.
    mutating func readObject<Value>(
        _ value: (inout JSONReader) throws(JSONProblem) -> Value
    ) throws(JSONProblem) -> [String: Value] {
        _ = try beginObject("JSON object")
        var members: [String: Value] = [:]
        while let key = try memberKey() {
            // memberKey has checked that a key with escapes decodes.
            let name = key.string ?? ""
            if members[name] == nil {
                members[name] = try value(&self)
            } else {
                try skipValue()
            }
        }
        return members
    }

    /// An object keyed by an enumeration's raw values (``Action``, ``MessageKind``); an unknown key is an error.
    mutating func readObject<Key: RawRepresentable<String> & Hashable, Value>(
        keyedBy _: Key.Type,
        _ value: (inout JSONReader) throws(JSONProblem) -> Value
    ) throws(JSONProblem) -> [Key: Value] {
        skipWhitespace()
        let start = position
        _ = try beginObject("JSON object")
        // Straight into the keyed dictionary: no dictionary of strings first (each key hashed as a String).
        // Of duplicate keys the first wins; an unknown key fails once the object has been read, as before.
        var members: [Key: Value] = [:]
        var unknown: String?
        while let member = try memberKey() {
            // memberKey has checked that a key with escapes decodes.
            let name = member.string ?? ""
            guard let key = Key(rawValue: name) else {
                _ = try value(&self)
                if unknown == nil { unknown = name }
                continue
            }
            if members[key] == nil {
                members[key] = try value(&self)
            } else {
                try skipValue()
            }
        }
        if let unknown {
            throw JSONProblem(.invalid("unknown \(Key.self) '\(unknown)' as a key"), at: start)
        }
        return members
    }

    /// A string naming a case of an enumeration (``Action``, ``DecisionMode``).
    mutating func readEnumeration<Value: RawRepresentable<String>>(_: Value.Type) throws(JSONProblem) -> Value {
        skipWhitespace()
        let start = position
        let name = try readString()
        guard let value = Value(rawValue: name) else {
            throw JSONProblem(.invalid("unknown \(Value.self) '\(name)'"), at: start)
        }
        return value
    }
}
