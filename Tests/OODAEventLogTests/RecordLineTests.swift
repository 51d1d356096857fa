import Testing

@testable import OODAEventLog

@Suite struct RecordLineTests {
    @Test func checksumIsCRC32C() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // Long enough to go through the eight-byte path and the tail.
        #expect(CRC32C.checksum(Array(repeating: UInt8(0), count: 32)) == 0x8A91_36AA)
        Array("123456789".utf8).withUnsafeBytes { #expect(CRC32C.softwareChecksum($0) == 0xE306_9283) }
    }

    @Test func theCPUsChecksumEqualsTheTables() {
        print("CRC-32C in hardware on this machine: \(CRC32C.usesHardware)")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { all in
            // Every length up to 64 and some longer, at every alignment the eight-byte steps can meet.
            for start in 0..<8 {
                for count in Array(0...64) + [255, 1000, 4000] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + count)])
                    #expect(
                        CRC32C.checksum(slice) == CRC32C.softwareChecksum(slice),
                        "start \(start), \(count) bytes"
                    )
                }
            }
        }
    }

    @Test func encodedLineParsesBackWithItsPayloadSlicedOut() throws {
        let payload = Array(#"{"a":1}"#.utf8)
        let (line, hash) = payload.withUnsafeBytes { RecordLine.encode(sequence: 42, previous: .genesis, payload: $0) }
        #expect(line.last == 0x0A)
        let parsed = try line.dropLast().withUnsafeBytes { raw in
            Result { () throws(EventLogError) in try RecordLine.parse(raw, path: "x", offset: 0) }
        }.get()
        #expect(parsed.sequence == 42)
        #expect(parsed.previous == .genesis)
        #expect(parsed.hash == hash)
        #expect(Array(line[parsed.payload]) == payload)
        #expect(line.dropLast().withUnsafeBytes { parsed.check($0) } == nil)
        #expect(String(decoding: line, as: UTF8.self).hasPrefix(#"{"v":1,"seq":42,"crc":""#))
    }

    @Test func hexWordsAreReadAndAnythingButLowercaseHexIsRefused() {
        let valid = Array("0123456789abcdef".utf8)
        valid.withUnsafeBytes { #expect(Hex.word($0, at: 0) == 0x0123_4567_89AB_CDEF) }
        for byte in UInt8.min...UInt8.max where !valid.contains(byte) {
            for position in [0, 9, 15] {
                var text = valid
                text[position] = byte
                text.withUnsafeBytes { #expect(Hex.word($0, at: 0) == nil, "byte \(byte) at \(position)") }
            }
        }
    }

    @Test func chainHashRoundTripsThroughHex() throws {
        let hash = Array(#"{"b":2}"#.utf8).withUnsafeBytes { ChainHash(previous: .genesis, payload: $0) }
        #expect(ChainHash(hex: hash.hex) == hash)
        #expect(ChainHash(hex: String(repeating: "0", count: 64)) == .genesis)
        #expect(ChainHash(hex: String(repeating: "G", count: 64)) == nil)
    }

    @Test(arguments: [
        #"{"v":1,"seq":01,"crc":"00000000"#,
        #"{"v":1,"seq":1,"crc":"0000"}"#,
        #"{"seq":1}"#,
        "",
    ])
    func malformedLinesAreCorrupt(text: String) {
        let bytes = Array(text.utf8)
        let error = bytes.withUnsafeBytes { raw in
            Result { () throws(EventLogError) in try RecordLine.parse(raw, path: "seg", offset: 7) }
        }
        guard case .failure(let error) = error else {
            Issue.record("parsed a malformed line")
            return
        }
        #expect(error.code == .corruptRecord)
        #expect(error.path == "seg")
        #expect(error.offset == 7)
    }

    @Test func newerFormatVersionIsUnsupportedSchema() {
        let bytes = Array(#"{"v":2,"anything":"else"}"#.utf8)
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(EventLogError) in try RecordLine.parse(raw, path: "seg", offset: 0) }
        }
        guard case .failure(let error) = result else {
            Issue.record("accepted a newer format")
            return
        }
        #expect(error.code == .unsupportedSchema)
    }
}
