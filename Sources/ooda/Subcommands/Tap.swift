import ArgumentParser
import Foundation
import OODACore
import OODARuntime

extension OODA {
    struct Tap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the live traffic of the bus, one message per line.",
            discussion: """
                Subscribes to every stage of the topology (or to the given endpoints) and prints each message with \
                its time, source, kind, sequence and key fields, or as JSON lines. Gaps, publisher restarts and \
                rejected frames are shown inline (`!! gap: …`). Ctrl-C stops it.
                """
        )

        @Option(name: .customLong("endpoint"), help: "A publisher to connect to (repeat for several).")
        var endpoints: [String] = []

        @Option(help: "Take the publishers from this topology file (default: topology/local.yml).")
        var topology: String?

        @Option(help: "Show only these kinds (repeat, or separate with commas): observation, decision, …")
        var kind: [String] = []

        @Flag(help: "Print JSON lines: each envelope as on the wire, notices as {\"notice\":…}.")
        var json = false

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "ooda.tap")
            let kinds = try KindList.parse(kind)
            var endpoints = self.endpoints
            var curve: SubscriberCurve?
            if endpoints.isEmpty {
                let file = try TopologyFile.resolve(topology, logger: logger)
                let topology = try Topology.load(file: file)
                endpoints = topology.orderedStages.map(\.connect.description)
                // With CURVE, the tap subscribes with the keys directory's client pair.
                curve = try topology.subscriberCurve(
                    as: CurveKeyring.clientName,
                    to: topology.orderedStages.map(\.stage)
                )
            }
            var session = TapSession(endpoints: endpoints, kinds: kinds, json: json)
            session.curve = curve
            try await session.run(
                logger: logger,
                output: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
                status: { FileHandle.standardError.write(Data(("ooda tap: " + $0 + "\n").utf8)) }
            )
        }
    }
}

/// `--kind` values: names separated by commas or repeated; empty for every kind.
enum KindList {
    static func parse(_ values: [String]) throws -> Set<MessageKind>? {
        let names = values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard !names.isEmpty else { return nil }
        var kinds: Set<MessageKind> = []
        for name in names {
            guard let kind = MessageKind(rawValue: name) else {
                let known = MessageKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown kind '\(name)'; the kinds are \(known)")
            }
            kinds.insert(kind)
        }
        return kinds
    }
}
