import Crypto

/// A record's chain hash: SHA-256 over the previous record's hash (as its 64 lowercase hex characters) followed
/// by this record's payload bytes, exactly as stored.
///
/// Because each hash covers the one before it, changing any stored payload, even with a recomputed checksum,
/// breaks every later link; `ooda log verify` finds the first one.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes, in order, as four big-endian words so the value needs no allocation.
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The `prev` of the first record of a log: 64 zeros.
    public static let genesis = ChainHash(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The hash chaining `payload` to the record whose hash is `previous`.
    package init(previous: ChainHash, payload: UnsafeRawBufferPointer) {
        var hasher = SHA256()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { hex in
            previous.writeHex(into: hex.baseAddress!)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(hex))
        }
        hasher.update(bufferPointer: payload)
        let digest = hasher.finalize()
        self.words = digest.withUnsafeBytes { raw in
            (
                raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian,
                raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian,
                raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self).bigEndian,
                raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self).bigEndian
            )
        }
    }

    /// Parses 64 lowercase hex characters; nil if they are anything else.
    package init?(hex: UnsafeRawBufferPointer) {
        guard hex.count == 64 else { return nil }
        guard let first = Hex.word(hex, at: 0), let second = Hex.word(hex, at: 16),
            let third = Hex.word(hex, at: 32), let fourth = Hex.word(hex, at: 48)
        else { return nil }
        self.words = (first, second, third, fourth)
    }

    /// Parses 64 lowercase hex characters; nil if they are anything else.
    public init?(hex: String) {
        var text = hex
        guard let parsed = text.withUTF8({ ChainHash(hex: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// Writes the 64 lowercase hex characters at `destination`.
    package func writeHex(into destination: UnsafeMutablePointer<UInt8>) {
        Hex.write(words.0, digits: 16, into: destination)
        Hex.write(words.1, digits: 16, into: destination + 16)
        Hex.write(words.2, digits: 16, into: destination + 32)
        Hex.write(words.3, digits: 16, into: destination + 48)
    }

    /// The 64 lowercase hex characters.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(into: buffer.baseAddress!)
            return 64
        }
    }

    public var description: String { hex }

    public static func == (lhs: ChainHash, rhs: ChainHash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
