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

        @Option(
            name: .customLong("endpoint"),
            help: """
                A publisher to connect to (repeat for several); NAME=ENDPOINT names its certificate for --keys, \
                e.g. decide=tcp://10.0.0.5:5553.
                """
        )
        var endpoints: [String] = []

        @Option(help: "Take the publishers from this topology file (default: topology/local.yml).")
        var topology: String?

        @Option(help: "Show only these kinds (repeat, or separate with commas): observation, decision, …")
        var kind: [String] = []

        @Flag(help: "Print JSON lines: each envelope as on the wire, notices as {\"notice\":…}.")
        var json = false

        @Option(
            help: """
                A CURVE keys directory (`ooda keys generate`), for a bus that has keys: the tap subscribes with \
                the --as certificate and checks each publisher against its NAME.key. Overrides the topology's \
                curve.keys.
                """
        )
        var keys: String?

        @Option(name: .customLong("as"), help: "The certificate to subscribe with, from the keys directory.")
        var identity: String = CurveKeyring.clientName

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "ooda.tap")
            let kinds = try KindList.parse(kind)
            var endpoints: [String]
            var curve: SubscriberCurve?
            if self.endpoints.isEmpty {
                let file = try TopologyFile.resolve(topology, logger: logger)
                var topology = try Topology.load(file: file)
                if let keys { topology.curve = CurveSettings(keys: keys) }
                endpoints = topology.orderedStages.map(\.connect.description)
                // With CURVE, the tap subscribes with the keys directory's client pair (or the --as one).
                curve = try topology.subscriberCurve(as: identity, to: topology.orderedStages.map(\.stage))
            } else {
                let targets = self.endpoints.map(TapEndpoint.init(parsing:))
                endpoints = targets.map(\.endpoint)
                if let keys {
                    do {
                        curve = try SubscriberCurve.tap(targets, keyring: CurveKeyring(directory: keys), as: identity)
                    } catch let error as TapEndpointError {
                        throw ValidationError("\(error)")
                    }
                }
            }
            if curve == nil && identity != CurveKeyring.clientName {
                throw ValidationError("--as names a certificate to subscribe with: give --keys DIR too")
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
