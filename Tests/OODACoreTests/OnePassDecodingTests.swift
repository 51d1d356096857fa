import Foundation
import OODATestSupport
import Testing

@testable import OODACore

/// What every producer writes is read in one pass; what that pass cannot place takes the careful two-step
/// reading, with the same result.
@Suite struct OnePassDecodingTests {
    let codec = WireCodec()

    @Test(arguments: MessageSamples.all)
    func canonicalEnvelopesAreReadInOnePass(envelope: Envelope) throws {
        let bytes = codec.encodeJSON(envelope)
        let decoded = try #require(bytes.withUnsafeBufferPointer { Envelope.decodeInOnePass(json: $0) })
        // Compared as bytes: a NaN sample is not equal to itself.
        #expect(codec.encodeJSON(decoded.0) == bytes)
    }

    @Test func anEnvelopeWithItsKindFarFromTheEndIsLeftToTheCarefulReadingAndReadTheSame() throws {
        let sample = MessageSamples.orientation
        let canonical = String(decoding: codec.encodeJSON(sample), as: UTF8.self)
        // "kind" moved to the front, before an orientation's body of more than 256 bytes.
        let kind = #""kind":"orientation","#
        let reordered = "{" + kind + canonical.dropFirst().replacingOccurrences(of: kind, with: "")
        let bytes = Array(reordered.utf8)
        #expect(bytes.withUnsafeBufferPointer { Envelope.decodeInOnePass(json: $0) } == nil)
        #expect(codec.encodeJSON(try codec.decodeJSON(bytes)) == codec.encodeJSON(sample))
    }
}
