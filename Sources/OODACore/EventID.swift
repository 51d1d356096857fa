/// The identity of one event: `<source>-<epoch>-<kind>-<seq>`, for example `decide-1732412345678901-decision-42`.
///
/// Derived from the envelope's own coordinates, so it is unique without coordination (a source never reuses
/// an epoch, and never reuses a sequence number within one epoch and kind), readable in a log line, and the
/// same when a replay produces the same event again.
public struct EventID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(source: StageName, epoch: UInt64, kind: MessageKind, sequence: UInt64) {
        // Written byte by byte into one allocation: every envelope stamped or decoded derives its id, and string
        // interpolation costs several times as much.
        let source = source.rawValue.utf8
        let kind = kind.rawValue.utf8
        rawValue = String(unsafeUninitializedCapacity: source.count + kind.count + 43) { buffer in
            var end = 0
            func append(_ bytes: String.UTF8View) {
                for byte in bytes {
                    buffer[end] = byte
                    end += 1
                }
            }
            func append(_ number: UInt64) {
                var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
                let count = withUnsafeMutableBytes(of: &digits) { scratch in
                    var value = number
                    var start = scratch.count
                    repeat {
                        start -= 1
                        scratch[start] = UInt8(ascii: "0") + UInt8(value % 10)
                        value /= 10
                    } while value > 0
                    for index in start..<scratch.count { buffer[end + index - start] = scratch[index] }
                    return scratch.count - start
                }
                end += count
            }
            append(source)
            buffer[end] = UInt8(ascii: "-")
            end += 1
            append(epoch)
            buffer[end] = UInt8(ascii: "-")
            end += 1
            append(kind)
            buffer[end] = UInt8(ascii: "-")
            end += 1
            append(sequence)
            return end
        }
    }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension EventID {
    /// The sequence number this id names (its last component), if it is in the `<source>-<epoch>-<kind>-<seq>`
    /// form.
    public var sequence: UInt64? {
        guard let dash = rawValue.lastIndex(of: "-") else { return nil }
        return UInt64(rawValue[rawValue.index(after: dash)...])
    }

    /// The epoch this id names (its third component from the end), if it is in the `<source>-<epoch>-<kind>-<seq>`
    /// form.
    public var epoch: UInt64? {
        let parts = rawValue.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4 else { return nil }
        return UInt64(parts[parts.count - 3])
    }
}
