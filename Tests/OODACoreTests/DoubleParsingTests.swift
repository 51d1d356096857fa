import OODACore
import Testing

/// Every double the codec reads is the correctly rounded value of its text, bit for bit what `Double(String)`
/// (the C library's `strtod`) reads, on the texts the fast paths take and on those they must refuse: shortest
/// round-trip prints, long random significands, and texts a hair away from a point halfway between two doubles.
@Suite struct DoubleParsingTests {
    let codec = WireCodec()

    /// Decodes the texts as the values of one observation's samples and compares each with `Double(text)`.
    private func expectReadExactly(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let samples = texts.enumerated().map { #"{"name":"m\#($0.offset)","source":"t","value":\#($0.element)}"# }
        let json =
            #"{"body":{"samples":["# + samples.joined(separator: ",")
            + #"]},"causes":[],"epoch":7,"id":"observe-7-observation-1","kind":"observation","schema":1,"#
            + #""sequence":1,"source":"observe","timeNanos":5}"#
        let envelope = try codec.decodeJSON(Array(json.utf8))
        let values = try #require(envelope.body.observation).samples.map(\.value)
        for (text, value) in zip(texts, values) {
            let expected = try #require(Double(text), "\(text)")
            #expect(value.bitPattern == expected.bitPattern, "\(text): read \(value), expected \(expected)")
        }
    }

    @Test func shortestPrintsOfRandomDoublesRoundTrip() throws {
        var random = SplitMix64(seed: 0xD0_0B1E)
        for _ in 0..<200 {
            let texts = (0..<500).map { _ in
                // Magnitudes from 1e-30 to 1e30, where the fast paths apply, and now and then anything finite.
                let bits = random.next()
                let value =
                    bits % 10 == 0
                    ? Double(bitPattern: bits & 0x7FEF_FFFF_FFFF_FFFF)
                    : Double(
                        sign: bits & 1 == 0 ? .plus : .minus,
                        exponent: Int(bits >> 1 % 200) - 100,
                        significand: 1 + Double(random.next() >> 11) / 0x1p53
                    )
                return "\(value)"
            }
            try expectReadExactly(texts)
        }
    }

    @Test func longRandomSignificandsAreCorrectlyRounded() throws {
        var random = SplitMix64(seed: 0x5EED_17)
        for _ in 0..<200 {
            let texts = (0..<500).map { _ -> String in
                let digits = 15 + Int(random.next() % 6)
                var significand = String(1 + random.next() % 9)
                for _ in 1..<digits { significand += String(random.next() % 10) }
                let exponent = Int(random.next() % 61) - 30
                return random.next() % 2 == 0 ? "\(significand)e\(exponent)" : "0.\(significand)e\(exponent)"
            }
            try expectReadExactly(texts)
        }
    }

    @Test func plainDecimalsReadInOnePassAreCorrectlyRounded() throws {
        // The forms the one-pass reading takes: up to 20 digits (one too many now and then), the point anywhere,
        // leading zeros after it, a sign, and an exponent now and then.
        var random = SplitMix64(seed: 0x9_1A1_0)
        for _ in 0..<200 {
            let texts = (0..<500).map { _ -> String in
                let count = 1 + Int(random.next() % 20)
                var digits = String(1 + random.next() % 9)
                for _ in 1..<count { digits += String(random.next() % 10) }
                let point = Int(random.next() % UInt64(count + 1))
                var text =
                    point == 0
                    ? "0." + String(repeating: "0", count: Int(random.next() % 4)) + digits
                    : point == count ? digits : "\(digits.prefix(point)).\(digits.dropFirst(point))"
                if random.next() % 4 == 0 { text += "e\(["", "+", "-"][Int(random.next() % 3)])\(random.next() % 30)" }
                return random.next() % 2 == 0 ? "-" + text : text
            }
            try expectReadExactly(texts)
        }
        try expectReadExactly(["0", "-0", "0.0", "0e0", "1", "9007199254740993", "0.1", "1e22", "1e23", "123.456e-7"])
    }

    @Test func malformedNumbersAreStillRejected() {
        for text in ["01", "-01.5", "1.", "-", "1e", "1e+", "1.5.2", "1ee5", "--1", "1.5e5.2", "00", "-.5", "1e5e5"] {
            let json =
                #"{"body":{"samples":[{"name":"m","source":"t","value":\#(text)}]},"causes":[],"epoch":7,"#
                + #""id":"observe-7-observation-1","kind":"observation","schema":1,"sequence":1,"#
                + #""source":"observe","timeNanos":5}"#
            #expect(throws: WireError.self, "\(text)") { try codec.decodeJSON(Array(json.utf8)) }
        }
    }

    #if arch(x86_64)
    @Test func textsNextToHalfwayPointsAreCorrectlyRounded() throws {
        var random = SplitMix64(seed: 0x4A1F_BA7)
        for _ in 0..<100 {
            var texts: [String] = []
            for _ in 0..<200 {
                let value = Double(
                    sign: .plus,
                    exponent: Int(random.next() % 120) - 60,
                    significand: 1 + Double(random.next() >> 11) / 0x1p53
                )
                // The point halfway to the next double, exact in Float80; printed, then cut to 19 and 17 digits
                // and nudged by one in the last digit: values on both sides of the halfway point, and on it.
                let halfway = (Float80(value) + Float80(value.nextUp)) / 2
                let printed = "\(halfway)"
                texts.append(printed)
                let (digits, exponent) = Self.scientific(printed)
                for count in [19, 17] {
                    let cut = digits.prefix(count)
                    texts.append("0.\(cut)e\(exponent)")
                    if let last = cut.last?.wholeNumberValue, last < 9 {
                        texts.append("0.\(cut.dropLast())\(last + 1)e\(exponent)")
                    }
                }
            }
            try expectReadExactly(texts)
        }
    }
    #endif

    /// A positive number's significant digits and the power of ten that makes it `0.<digits> × 10^exponent`.
    static func scientific(_ text: String) -> (digits: String, exponent: Int) {
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        let written = Int(text.drop { $0 != "e" && $0 != "E" }.dropFirst()) ?? 0
        let whole = mantissa.prefix { $0 != "." }
        let fraction = mantissa.drop { $0 != "." }.dropFirst()
        let all = String(whole + fraction)
        let leadingZeros = all.prefix { $0 == "0" }.count
        return (String(all.dropFirst(leadingZeros)), whole.count - leadingZeros + written)
    }
}
