import ArgumentParser
import Foundation
import OODACore
import OODARuntime

extension OODA {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish messages given as JSON on an endpoint, for testing and scripting.",
            discussion: """
                Each message is a complete envelope (see docs/wire-format.md), or a draft with just "kind" and \
                "body" (and optionally "timeNanos" and "causes") that is stamped with source "publish". Binds the \
                endpoint, waits for a subscriber to join, sends, and exits.
                Example: ooda publish --endpoint ipc:///tmp/x.sock \
                '{"kind":"observation","body":{"samples":[{"name":"cpu_usage","value":0.9,"source":"cli"}]}}'
                """
        )

        @Option(help: "The endpoint to bind, e.g. ipc:///tmp/ooda/test.sock or tcp://127.0.0.1:5599.")
        var endpoint: String

        @Argument(help: "Messages as JSON, one per argument.")
        var messages: [String] = []

        @Option(help: "A file of messages, one JSON object per line ('-' for standard input).")
        var file: String?

        @Option(help: "Subscriptions to wait for before sending (0 to send at once).")
        var subscribers = 1

        @Option(help: "Seconds to wait for them.")
        var timeout: Double = 10

        @Option(
            help: """
                A CURVE keys directory (`ooda keys generate`): publish as a CURVE server with the --as pair, \
                admitting the subscribers whose NAME.key is there, as a stage of a topology with curve.keys does.
                """
        )
        var keys: String?

        @Option(
            name: .customLong("as"),
            help: "The certificate to publish with, from the keys directory: a stage's name."
        )
        var identity: String?

        func validate() throws {
            if messages.isEmpty && file == nil { throw ValidationError("give messages as arguments, or --file") }
            if (keys == nil) != (identity == nil) {
                throw ValidationError("--keys and --as go together: the directory, and the pair to publish with")
            }
        }

        func run() throws {
            var inputs = messages.enumerated().map { (text: $0.element, location: "argument \($0.offset + 1)") }
            if let file {
                let text =
                    file == "-"
                    ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                    : try String(contentsOfFile: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    inputs.append((String(line), "\(file):\(number + 1)"))
                }
            }
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            var sequencer = EnvelopeSequencer(source: "publish", epoch: UInt64(now / 1000))
            let envelopes = try inputs.map {
                try MessageDraft.envelope(from: $0.text, where: $0.location, sequencer: &sequencer, nowNanos: now)
            }
            var curve: PublisherCurve?
            if let keys, let identity { curve = try CurveKeyring(directory: keys).publisherCurve(as: identity) }
            try OneShotPublisher(
                endpoint: endpoint,
                subscribers: subscribers,
                timeout: .milliseconds(Int64(timeout * 1000)),
                curve: curve
            ).send(envelopes)
            FileHandle.standardError.write(Data("ooda publish: sent \(envelopes.count) to \(endpoint)\n".utf8))
        }
    }
}
