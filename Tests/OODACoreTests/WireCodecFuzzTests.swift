import OODACore
import OODATestSupport
import Testing

/// Damaged envelopes never crash the decoder, and it rejects exactly what `JSONDecoder` rejected, with the same
/// error code, and accepts the rest as the same envelope.
@Suite struct WireCodecFuzzTests {
    let codec = WireCodec()
    let foundation = FoundationWireCodec()

    @Test(arguments: MessageSamples.all)
    func everyTruncationIsRejectedLikeJSONDecoderRejectsIt(envelope: Envelope) {
        let bytes = codec.encodeJSON(envelope)
        for length in 1..<bytes.count {
            expectSameOutcome(Array(bytes[..<length]))
        }
    }

    @Test func randomByteFlipsAreRejectedOrAcceptedLikeJSONDecoder() {
        var random = SplitMix64(seed: 0xF1_1295)
        var generator = EnvelopeGenerator(seed: 0xF1_1296)
        let originals = MessageSamples.all.map { codec.encodeJSON($0) } + generator.envelopes(40).map(codec.encodeJSON)
        // Bytes that change the JSON's meaning more often than random ones.
        let meaningful =
            Array(#"{}[],:"\/ubfnrt0123456789-+.eE"#.utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0xC3, 0xED, 0xFF]
        for _ in 0..<6000 {
            var bytes = originals.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[index] = meaningful.randomElement(using: &random)!
                case 2: bytes.insert(meaningful.randomElement(using: &random)!, at: index)
                default: bytes.remove(at: index)
                }
                if bytes.isEmpty { bytes = [0x20] }
            }
            expectSameOutcome(bytes)
        }
    }

    @Test(arguments: [
        "", " ", "null", "[]", "1", "\"x\"", "{", "{}", "{\"schema\":1}", "{\"schema\":2}", "{\"schema\":1.0}",
        "{\"schema\":\"1\"}", "{\"schema\":null}", "{\"schema\":1,}", "{,}", "{\"schema\":1 \"id\":2}",
        String(repeating: "[", count: 600),
        "{\"x\":" + String(repeating: "[", count: 511) + String(repeating: "]", count: 511) + "}",
        "{\"x\":" + String(repeating: "[", count: 512) + String(repeating: "]", count: 512) + "}",
        "{\"schema\":2,\"body\":{\"gaps\":\"x\"}}",
        "{\"schema\":1,\"kind\":\"telemetry\",\"id\":\"a\",\"source\":\"a\","
            + "\"epoch\":1,\"sequence\":1,\"timeNanos\":1,\"body\":{}}",
        "{\"schema\":1,\"kind\":\"heartbeat\",\"id\":\"a\",\"source\":\"a\",\"epoch\":-1,\"sequence\":1,\"timeNanos\":1}",
        "{\"schema\":1,\"kind\":\"heartbeat\",\"id\":\"a\",\"source\":\"a\",\"epoch\":18446744073709551616,\"sequence\":1}",
        "{\"schema\":1,\"kind\":\"heartbeat\",\"id\":\"a\",\"source\":\"a\",\"epoch\":1,\"sequence\":1,\"timeNanos\":"
            + "-9223372036854775809,\"body\":{}}",
        "{\"schema\":1,\"kind\":\"heartbeat\",\"id\":\"a\",\"source\":\"a\",\"epoch\":1,\"sequence\":1,\"timeNanos\":"
            + "1e400,\"body\":{}}",
        "{\"schema\":1,\"\\ud800\":1}", "{\"schema\":1,\"\\q\":1}", "{\"schema\":1,\"x\":\"\\u00\"}",
        "{\"schema\":1,\"x\":tru}", "{\"schema\":1,\"x\":01} x", "\u{FEFF}\u{FEFF}{}", "{\"schema\":1}\u{0}",
    ])
    func edgeCasesAreRejectedLikeJSONDecoderRejectsThem(text: String) {
        expectSameOutcome(Array(text.utf8))
    }

    @Test(arguments: [
        "9007199254740993.0", "1e-400", "922337203685477580.7", "-9223372036854775808.5", "-9223372036854775809",
        "1.5e300", "12345678901234567.89e1", "1e19", "18446744073709551615.0", "18446744073709551615", "-0.0", "-0",
        "0.5", "100e-2", "9223372036854775807", "9223372036854775295.9", "-1", "9007199254740992.5", "1.8e19",
        "123456789012345678901234567890e-11", "1234567890123456789e-1", "18446744073709550591.0", "01", "1.", "-",
    ])
    func integersInEveryNumberFormAreReadAsJSONDecoderReadsThem(number: String) {
        for field in ["epoch", "timeNanos"] {
            var members = ["epoch": "7", "timeNanos": "5"]
            members[field] = number
            let text =
                #"{"body":{"gaps":0,"messagesIn":1,"messagesOut":0,"rejected":0},"causes":[],"epoch":"#
                + members["epoch"]! + #","id":"orient-7-heartbeat-100","kind":"heartbeat","schema":1,"sequence":100,"#
                + #""source":"orient","timeNanos":"# + members["timeNanos"]! + "}"
            expectSameOutcome(Array(text.utf8))
        }
    }

    @Test(arguments: [
        "2e-324", "3e-324", "1e-320", "0e-400", "0.0e999", "1.7976931348623158e308", "1.7976931348623159e308", "-0",
        "0.1e-400", "1e400", #""nan""#, #""NaN""#, #""\u004eaN""#, #""-Inf""#, "1E5", "2.4703282292062328e-324",
        "2.4703282292062327e-324", "0.000000000000000000000000000000000000000000001e-280",
        "123456789012345678901234567890", "true", "null", "[]", "1.5.5", "1e5e5", "--1",
    ])
    func doublesInEveryNumberFormAreReadAsJSONDecoderReadsThem(number: String) {
        let text =
            #"{"body":{"samples":[{"name":"x","source":"y","value":"# + number
            + #"}]},"causes":[],"epoch":7,"id":"observe-7-observation-1","kind":"observation","schema":1,"#
            + #""sequence":1,"source":"observe","timeNanos":5}"#
        expectSameOutcome(Array(text.utf8))
    }

    @Test(arguments: [
        "{}", #"{"scaleUp":5}"#, #"{"scaleUp":5,"noop":7}"#, #"{"scaleUp":5,"scaleUp":6}"#, #"{"jump":5}"#,
        #"{"jump":5,"jump":"x"}"#, #"{"scaleUp":5,"scaleUp":"x"}"#, #"{"scaleUp":"x"}"#, #"{"noop":1e400}"#,
        #"{"scale\u0055p":5}"#, #"{"jump":"x","noop":1}"#, #"{"noop":1,"jump":5,"leap":6}"#, "[]", "null",
    ])
    func enumerationKeyedObjectsAreReadAsJSONDecoderReadsThem(object: String) {
        let text =
            #"{"body":{"action":"noop","confidence":1,"engine":{"decisions":4,"lastActionNanos":"# + object
            + #","recommendations":[],"replicas":3},"guardRails":[],"mode":"balanced","policy":"ooda","#
            + #""proposed":"noop","reasoning":[],"threshold":0.7},"causes":[],"epoch":1,"#
            + #""id":"decide-1-decision-4","kind":"decision","schema":1,"sequence":4,"source":"decide","#
            + #""timeNanos":300000000}"#
        expectSameOutcome(Array(text.utf8))
    }

    private func expectSameOutcome(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        // JSONDecoder guesses UTF-16 and UTF-32 from zero bytes at the start; the wire format is UTF-8 only.
        guard !bytes.prefix(4).contains(0), bytes.first != 0xFE, bytes.first != 0xFF else { return }
        let expected = Result { () throws(WireError) in try foundation.decodeJSON(bytes) }
        let actual = Result { () throws(WireError) in try codec.decodeJSON(bytes) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            #expect(
                codec.encodeJSON(actual) == codec.encodeJSON(expected),
                "\(String(decoding: bytes, as: UTF8.self))",
                sourceLocation: sourceLocation
            )
        case (.failure(let expected), .failure(let actual)):
            #expect(
                actual.code == expected.code,
                "\(String(decoding: bytes, as: UTF8.self)): \(actual) but JSONDecoder: \(expected)",
                sourceLocation: sourceLocation
            )
        case (.success, .failure(let error)):
            Issue.record("\(String(decoding: bytes, as: UTF8.self)): rejected, JSONDecoder accepts: \(error)")
        case (.failure(let error), .success):
            Issue.record("\(String(decoding: bytes, as: UTF8.self)): accepted, JSONDecoder rejects: \(error)")
        }
    }
}
