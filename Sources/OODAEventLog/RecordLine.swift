import Glibc

/// The layout of one record: a line of JSON whose header fields come first, in a fixed order, and whose payload
/// (the envelope JSON, byte for byte) comes last.
///
/// `{"v":1,"seq":42,"crc":"1a2b3c4d","prev":"<64 hex>","hash":"<64 hex>","payload":{…}}` then `\n`.
/// The payload starts right after `"payload":` and ends before the closing `}`, so a reader slices the checked
/// bytes out of the line without decoding or re-encoding anything.
package struct RecordLine: Sendable, Equatable {
    /// The record format this build writes and reads.
    package static let formatVersion = 1

    /// The record's position in its log: 1, 2, 3, … with no gaps, across segments.
    package var sequence: UInt64
    /// CRC-32C of the payload bytes.
    package var checksum: UInt32
    /// The hash of the record before (``ChainHash/genesis`` for the first record of the log).
    package var previous: ChainHash
    /// This record's hash, see ``ChainHash``.
    package var hash: ChainHash
    /// Where the payload lies in the line.
    package var payload: Range<Int>

    // Static strings, not arrays: a `static let` array is initialised lazily, and every read of one checks that
    // it was (a call into the runtime), six times per record read.
    private static let versionPrefix: StaticString = #"{"v":"#
    private static let sequencePrefix: StaticString = #","seq":"#
    private static let checksumPrefix: StaticString = #","crc":""#
    private static let previousPrefix: StaticString = #"","prev":""#
    private static let hashPrefix: StaticString = #"","hash":""#
    private static let payloadPrefix: StaticString = #"","payload":"#

    /// The bytes of a record line, ending in `\n`, and the record's hash.
    package static func encode(
        sequence: UInt64,
        previous: ChainHash,
        payload: UnsafeRawBufferPointer
    ) -> (line: [UInt8], hash: ChainHash) {
        let hash = ChainHash(previous: previous, payload: payload)
        let checksum = CRC32C.checksum(payload)
        let sequenceDigits = Array(String(sequence).utf8)
        let versionDigits = Array(String(formatVersion).utf8)
        var line: [UInt8] = []
        line.reserveCapacity(payload.count + 200)
        append(versionPrefix, to: &line)
        line += versionDigits
        append(sequencePrefix, to: &line)
        line += sequenceDigits
        append(checksumPrefix, to: &line)
        appendHex(UInt64(checksum), digits: 8, to: &line)
        append(previousPrefix, to: &line)
        appendHex(previous, to: &line)
        append(hashPrefix, to: &line)
        appendHex(hash, to: &line)
        append(payloadPrefix, to: &line)
        line.append(contentsOf: payload)
        line.append(UInt8(ascii: "}"))
        line.append(UInt8(ascii: "\n"))
        return (line, hash)
    }

    private static func append(_ text: StaticString, to line: inout [UInt8]) {
        text.withUTF8Buffer { line.append(contentsOf: $0) }
    }

    private static func appendHex(_ value: UInt64, digits: Int, to line: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: digits) { buffer in
            Hex.write(value, digits: digits, into: buffer.baseAddress!)
            line.append(contentsOf: buffer)
        }
    }

    private static func appendHex(_ hash: ChainHash, to line: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            hash.writeHex(into: buffer.baseAddress!)
            line.append(contentsOf: buffer)
        }
    }

    /// Parses a line (without its `\n`); does not check the checksum or the hash (see ``check(_:)``).
    ///
    /// - Parameters:
    ///   - line: the bytes of the line.
    ///   - path: the segment file, for errors.
    ///   - offset: the line's byte offset in the segment, for errors.
    /// - Throws: ``EventLogError/Code/unsupportedSchema`` for a newer record format,
    ///   ``EventLogError/Code/corruptRecord`` for anything else that is not a record line.
    package static func parse(
        _ line: UnsafeRawBufferPointer,
        path: String,
        offset: Int64
    ) throws(EventLogError)
        -> RecordLine
    {
        var cursor = LineCursor(bytes: line)
        func corrupt(_ what: String) -> EventLogError {
            EventLogError(.corruptRecord, path: path, offset: offset, "not a record line: \(what)")
        }
        guard cursor.skip(versionPrefix), let version = cursor.number() else { throw corrupt("no format version") }
        guard version == UInt64(formatVersion) else {
            throw EventLogError(
                .unsupportedSchema,
                path: path,
                offset: offset,
                "record format version \(version) is newer than this build reads (\(formatVersion)); "
                    + "read this log with the ooda version that wrote it"
            )
        }
        guard cursor.skip(sequencePrefix), let sequence = cursor.number() else { throw corrupt("no sequence") }
        guard cursor.skip(checksumPrefix), let checksum = cursor.hex(digits: 8) else { throw corrupt("no checksum") }
        guard cursor.skip(previousPrefix), let previous = cursor.chainHash() else { throw corrupt("no prev hash") }
        guard cursor.skip(hashPrefix), let hash = cursor.chainHash() else { throw corrupt("no hash") }
        guard cursor.skip(payloadPrefix) else { throw corrupt("no payload") }
        guard line.count > cursor.index + 1, line[line.count - 1] == UInt8(ascii: "}") else {
            throw corrupt("the payload is empty or the line does not end with '}'")
        }
        return RecordLine(
            sequence: sequence,
            checksum: UInt32(checksum),
            previous: previous,
            hash: hash,
            payload: cursor.index..<(line.count - 1)
        )
    }

    /// Checks the checksum and the hash against the payload bytes of `line`.
    ///
    /// - Returns: nil when both match, otherwise the problem's code and a sentence.
    package func check(_ line: UnsafeRawBufferPointer) -> (code: EventLogError.Code, detail: String)? {
        let bytes = UnsafeRawBufferPointer(rebasing: line[payload])
        let computed = CRC32C.checksum(bytes)
        guard computed == checksum else {
            return (
                .corruptRecord,
                "checksum mismatch in record \(sequence): stored \(Self.hex8(checksum)), "
                    + "the payload's is \(Self.hex8(computed))"
            )
        }
        let computedHash = ChainHash(previous: previous, payload: bytes)
        guard computedHash == hash else {
            return (
                .brokenChain,
                "hash mismatch in record \(sequence): stored \(hash), prev and payload give \(computedHash)"
            )
        }
        return nil
    }

    private static func hex8(_ value: UInt32) -> String {
        String(unsafeUninitializedCapacity: 8) { buffer in
            Hex.write(UInt64(value), digits: 8, into: buffer.baseAddress!)
            return 8
        }
    }
}

/// Reads a record line's header left to right.
private struct LineCursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    mutating func skip(_ expected: StaticString) -> Bool {
        let count = expected.utf8CodeUnitCount
        guard bytes.count - index >= count, let base = bytes.baseAddress,
            memcmp(base + index, expected.utf8Start, count) == 0
        else { return false }
        index += count
        return true
    }

    /// A decimal number without sign or leading zeros, at most 19 digits (so it fits in 63 bits).
    mutating func number() -> UInt64? {
        let start = index
        var value: UInt64 = 0
        while index < bytes.count, index - start < 19, let digit = decimal(bytes[index]) {
            value = value * 10 + UInt64(digit)
            index += 1
        }
        let length = index - start
        guard length > 0, length == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        return value
    }

    mutating func hex(digits: Int) -> UInt64? {
        guard bytes.count - index >= digits else { return nil }
        var value: UInt64 = 0
        for position in index..<index + digits {
            guard let nibble = Hex.value(of: bytes[position]) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        index += digits
        return value
    }

    mutating func chainHash() -> ChainHash? {
        guard bytes.count - index >= 64 else { return nil }
        guard let hash = ChainHash(hex: UnsafeRawBufferPointer(rebasing: bytes[index..<index + 64])) else {
            return nil
        }
        index += 64
        return hash
    }

    private func decimal(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }
}
