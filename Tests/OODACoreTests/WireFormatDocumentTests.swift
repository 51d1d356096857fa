import Foundation
import OODACore
import Testing

/// Keeps `docs/wire-format.md` true: every JSON example in it must decode as the kind it documents.
@Suite struct WireFormatDocumentTests {
    @Test func everyExampleInTheDocumentDecodes() throws {
        let document = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/wire-format.md")
        let text = try String(contentsOf: document, encoding: .utf8)
        let blocks = text.components(separatedBy: "```json\n").dropFirst().map {
            $0.components(separatedBy: "\n```")[0]
        }
        let codec = WireCodec()
        var kinds: Set<MessageKind> = []
        for block in blocks {
            let envelope = try codec.decodeJSON(Array(block.utf8))
            kinds.insert(envelope.kind)
        }
        #expect(kinds == Set(MessageKind.allCases))
    }
}
