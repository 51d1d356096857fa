/// What ``JSONReader`` found wrong, and where: the byte offset of the offending value (or of the object that
/// lacks a member). The field path is worked out from the offset only when the problem is reported, so reading
/// costs nothing to keep a path.
struct JSONProblem: Error {
    enum Kind {
        /// The bytes are not JSON (Foundation's scanner would have rejected them before decoding anything).
        case syntax(String)
        /// The object at `offset` has no member with this key.
        case missing(String)
        /// The value at `offset` is not of this type.
        case typeMismatch(String)
        /// The value at `offset` is null where this type is required.
        case null(String)
        /// The value at `offset` has the right JSON type but an invalid content.
        case invalid(String)
    }

    var kind: Kind
    var offset: Int

    init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// Whether the problem is in the JSON itself rather than in how a value fits the envelope.
    var isSyntax: Bool {
        if case .syntax = kind { return true }
        return false
    }

    /// The problem as a ``WireError`` whose detail names the field, as `JSONDecoder`'s errors did.
    func wireError(in bytes: UnsafeBufferPointer<UInt8>) -> WireError {
        let detail: String
        switch kind {
        case .syntax(let message):
            detail = "invalid JSON at byte \(offset): \(message)"
        case .missing(let key):
            detail = "missing field '\(Self.describe(JSONFieldPath(to: offset, in: bytes).components + [key]))'"
        case .typeMismatch(let type):
            detail = "field '\(path(in: bytes))' is not a \(type)"
        case .null(let type):
            detail = "field '\(path(in: bytes))' is null, expected \(type)"
        case .invalid(let message):
            detail = "invalid JSON at '\(path(in: bytes))': \(message)"
        }
        return WireError(.malformedJSON, detail)
    }

    private func path(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        Self.describe(JSONFieldPath(to: offset, in: bytes).components)
    }

    private static func describe(_ components: [String]) -> String {
        components.isEmpty ? "(top)" : components.joined(separator: ".")
    }
}

/// The keys and indices that lead from the top of a document to the value at a byte offset, e.g.
/// `body.samples.[2].value`.
struct JSONFieldPath {
    private(set) var components: [String] = []

    /// Walks a document that has passed ``JSONReader/skipValue()`` down to `offset`.
    init(to offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var reader = JSONReader(bytes)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        // A malformed document stops the walk where it breaks; the path so far is still the best description.
        while reader.position < offset, let component = try? reader.step(toward: offset) {
            components.append(component)
        }
    }
}

extension JSONReader {
    /// From the start of a container holding `offset`, moves to the start of its member or element that holds
    /// `offset` and returns that member's key or element's index, or nil when `offset` is not inside one.
    fileprivate mutating func step(toward offset: Int) throws(JSONProblem) -> String? {
        guard let opening = peek(), opening == UInt8(ascii: "{") || opening == UInt8(ascii: "[") else { return nil }
        let isObject = opening == UInt8(ascii: "{")
        position += 1
        var index = 0
        while true {
            skipWhitespace()
            guard let byte = peek(), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]") else { return nil }
            if byte == UInt8(ascii: ",") {
                position += 1
                continue
            }
            var component = "[\(index)]"
            if isObject {
                let key = try readKey()
                component = key.string ?? "?"
                skipWhitespace()
            }
            let start = position
            try skipValue()
            if start == offset || (start < offset && offset < position) {
                position = start
                return component
            }
            index += 1
        }
    }
}
