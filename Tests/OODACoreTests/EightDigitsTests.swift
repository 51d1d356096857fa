import Testing

@testable import OODACore

/// The eight-digits-at-once step of number reading, against reading the bytes one at a time.
@Suite struct EightDigitsTests {
    /// The value of eight bytes read one at a time, or nil if one is not an ASCII digit.
    private func reference(_ bytes: [UInt8]) -> UInt64? {
        var value: UInt64 = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        return value
    }

    private func chunk(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    @Test func everyByteValueInEveryPlace() {
        let digits = Array("31415926".utf8)
        for place in 0..<8 {
            for byte in UInt8.min...UInt8.max {
                var bytes = digits
                bytes[place] = byte
                #expect(JSONNumber.eightDigits(chunk(bytes)) == reference(bytes), "byte \(byte) at \(place)")
            }
        }
    }

    @Test func randomDigitRuns() {
        var random = SplitMix64(seed: 0x8D16)
        for _ in 0..<10_000 {
            let bytes = (0..<8).map { _ in UInt8(0x30 + random.next() % 10) }
            #expect(JSONNumber.eightDigits(chunk(bytes)) == reference(bytes))
        }
        #expect(JSONNumber.eightDigits(chunk(Array("99999999".utf8))) == 99_999_999)
        #expect(JSONNumber.eightDigits(chunk(Array("00000000".utf8))) == 0)
    }
}
