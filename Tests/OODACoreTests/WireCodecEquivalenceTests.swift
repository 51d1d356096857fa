import Foundation
import OODACore
import OODATestSupport
import Testing

/// Holds the hand-written codec to the Foundation codec it replaced: the same bytes out, the same envelopes in.
@Suite struct WireCodecEquivalenceTests {
    static let corpus: [Envelope] = {
        var generator = EnvelopeGenerator(seed: 0x00DA_C0DE)
        return MessageSamples.all + generator.envelopes(600)
    }()

    let codec = WireCodec()
    let foundation = FoundationWireCodec()

    @Test func everyEnvelopeEncodesToTheBytesJSONEncoderWrites() {
        for (index, envelope) in Self.corpus.enumerated() {
            let expected = foundation.encodeJSON(envelope)
            let actual = codec.encodeJSON(envelope)
            #expect(
                actual == expected,
                "envelope \(index):\n\(String(decoding: actual, as: UTF8.self))\n!=\n\(String(decoding: expected, as: UTF8.self))"
            )
            if actual != expected { break }
        }
    }

    @Test func everyEnvelopeDecodesBackToItself() throws {
        for envelope in Self.corpus {
            let bytes = codec.encodeJSON(envelope)
            let decoded = try codec.decodeJSON(bytes)
            // NaN is not equal to itself; the bytes are canonical, so equal bytes mean equal values bit for bit.
            #expect(codec.encodeJSON(decoded) == bytes)
            if !String(decoding: bytes, as: UTF8.self).contains("\"NaN\"") { #expect(decoded == envelope) }
            #expect(try foundation.decodeJSON(bytes) == decoded || bytes.containsNaN)
        }
    }

    @Test func doublesDecodeBitForBit() throws {
        var random = SplitMix64(seed: 7)
        var values = EnvelopeGenerator.awkwardDoubles.filter { !$0.isNaN }
        for _ in 0..<2000 {
            let value = Double(bitPattern: random.next())
            if value.isFinite { values.append(value) }
        }
        let envelope = Envelope(
            source: .observe,
            epoch: 1,
            sequence: 1,
            timeNanos: 0,
            body: .observation(Observation(samples: values.map { MetricSample(name: "x", value: $0, source: "t") }))
        )
        let decoded = try codec.decodeJSON(codec.encodeJSON(envelope))
        let samples = try #require(decoded.body.observation).samples
        #expect(samples.map(\.value.bitPattern) == values.map(\.bitPattern))
    }

    @Test(arguments: [
        // Whitespace, key order, escapes and number forms JSONEncoder never writes but JSON allows.
        #"  {"body":{"gaps":0,"messagesIn":1e1,"messagesOut":0.0,"rejected":-0} , "schema":1,"kind":"heartbeat","#
            + #""source":"orient","epoch":7,"sequence":100,"timeNanos":5E+2,"id":"orient-7-heartbeat-100"}"# + "\n",
        "\u{FEFF}{\"id\":\"orient-7-heartbeat-100\",\"schema\":1,\"kind\":\"heart\\u0062eat\",\"source\":\"orient\","
            + "\"epoch\":7,\"sequence\":100,\"timeNanos\":1,\"causes\":null,\"extra\":[{\"x\":\"\\q\"},01,-],"
            + "\"body\":{\"gaps\":0,\"messagesIn\":1,\"messagesOut\":0,\"rejected\":0,},}",
        #"{"id":"a\/b\ud83d\ude00-1-heartbeat-1","schema":1,"kind":"heartbeat","source":"a/b😀","epoch":1,"#
            + #""sequence":1,"timeNanos":1,"id":"ignored","body":{"gaps":0,"messagesIn":1,"messagesOut":0,"#
            + #""rejected":0,"rejected":"ignored"}}"#,
    ])
    func anyValidJSONDecodesAsJSONDecoderDecodesIt(text: String) throws {
        let bytes = Array(text.utf8)
        let expected = try foundation.decodeJSON(bytes)
        #expect(try codec.decodeJSON(bytes) == expected)
    }

    /// Samples reuse the dictionary of the sample before when their labels' bytes are the same; every other
    /// case (a label set that extends the last, the same labels spelled otherwise, null, none) is read in full.
    @Test func labelSetsRepeatedFromSampleToSampleDecodeAsJSONDecoderDecodesThem() throws {
        let labels = [
            #"{"service":"checkout"}"#, #"{"service":"checkout"}"#, #"{"service":"checkout","zone":"a"}"#,
            #"{"service":"checkout"}"#, #"{ "service":"checkout"}"#, #"{"service":"check\u006fut"}"#,
            #"{"service":"checkout"}"#, "null", "{}", "{}", #"{"service":"cart"}"#, #"{"service":"checkout"}"#,
        ]
        let samples = labels.enumerated().map { index, labels in
            #"{"labels":\#(labels),"name":"m\#(index)","source":"proc","value":\#(index)}"#
        }
        let text =
            #"{"body":{"samples":[\#(samples.joined(separator: ","))]},"causes":[],"epoch":1,"#
            + #""id":"observe-1-observation-1","kind":"observation","schema":1,"sequence":1,"source":"observe","#
            + #""timeNanos":1}"#
        let bytes = Array(text.utf8)
        let decoded = try codec.decodeJSON(bytes)
        #expect(decoded == (try foundation.decodeJSON(bytes)))
        let read = try #require(decoded.body.observation).samples.map(\.labels)
        #expect(read[2] == ["service": "checkout", "zone": "a"])
        #expect(read[3] == ["service": "checkout"])
        #expect(read[7] == [:])
        #expect(read[10] == ["service": "cart"])
        #expect(read[11] == ["service": "checkout"])
    }

    @Test func aReannouncedRunCarriesContinuedAndAStartOmitsIt() throws {
        for continued in [false, true] {
            let started = StageStarted(
                version: "1.0",
                stage: .orient,
                configuration: .object(["mode": .string("balanced")]),
                continued: continued
            )
            let envelope = Envelope(source: .orient, epoch: 1, sequence: 2, timeNanos: 3, body: .stageStarted(started))
            let bytes = codec.encodeJSON(envelope)
            #expect(bytes == foundation.encodeJSON(envelope))
            #expect(String(decoding: bytes, as: UTF8.self).contains(#""continued":true"#) == continued)
            #expect(try codec.decodeJSON(bytes) == envelope)
            #expect(try foundation.decodeJSON(bytes) == envelope)
        }
    }

    @Test func aMissingNestedFieldIsNamedWithItsPath() throws {
        var text = String(decoding: codec.encodeJSON(MessageSamples.observation), as: UTF8.self)
        text = text.replacingFirst(#""value":48.5"#, with: #""valeur":48.5"#)
        let error = try #require(rejection(text))
        #expect(error.code == .malformedJSON)
        #expect(error.detail == "missing field 'body.samples.[1].value'")
    }

    @Test func aValueOfTheWrongTypeIsNamedWithItsPath() throws {
        var text = String(decoding: codec.encodeJSON(MessageSamples.decision), as: UTF8.self)
        text = text.replacingFirst(#""replicas":5,"timeNanos""#, with: #""replicas":"five","timeNanos""#)
        let error = try #require(rejection(text))
        #expect(error.code == .malformedJSON)
        #expect(error.detail == "field 'body.engine.recommendations.[0].replicas' is not a Int")
    }

    @Test func aSyntaxErrorSaysWhere() throws {
        let error = try #require(rejection(#"{"schema":1,"id":}"#))
        #expect(error.code == .malformedJSON)
        #expect(error.detail == "invalid JSON at byte 17: unexpected '}', expected a value")
    }

    private func rejection(_ text: String) -> WireError? {
        do {
            _ = try codec.decodeJSON(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }
}

extension [UInt8] {
    var containsNaN: Bool { String(decoding: self, as: UTF8.self).contains("\"NaN\"") }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
