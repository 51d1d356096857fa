import ArgumentParser
import Foundation
import Logging
import OODACore
import OODAEventLog
import OODAPolicy
import OODARuntime

extension OODA {
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Re-run orient and decide over the logs: prove the decisions reproduce, or show another policy's.",
            discussion: """
                Without options, every recorded orientation and decision is recomputed with the configuration its \
                StageStarted recorded and compared; the exit status is 1 on any difference, and the first ones are \
                shown. With --mode, --config or --policy, decide runs with other settings over the same \
                orientations, and the report shows where and how its decisions differ, and the totals per action. \
                With --publish, the recorded events are sent again on the bus instead.
                """
        )

        @Argument(help: "The events directory (default: the topology's, else .ooda/events).")
        var directory: String?

        @Option(help: "Counterfactual: decide in this mode (conservative, balanced, aggressive).")
        var mode: DecisionMode?

        @Option(help: "Counterfactual: decide with the decide settings of this topology file.")
        var config: String?

        @Option(help: "Counterfactual: decide with this policy (ooda, hpa).")
        var policy: DecisionPolicyKind?

        @Flag(help: "Publish the recorded events on --endpoint instead of replaying them.")
        var publish = false

        @Option(help: "With --publish: the endpoint to bind.")
        var endpoint: String?

        @Option(help: "With --publish: 1x (real time), 10x, … or max.")
        var speed = "max"

        @Option(help: "With --publish: only these kinds (repeat, or separate with commas): orientation, decision, …")
        var kind: [String] = []

        @Option(
            help: """
                With --publish: seconds to wait for a first subscriber before sending (what is sent before one \
                subscribes reaches no one); 0 to send at once.
                """
        )
        var waitForSubscriber: Double = 30

        @Option(
            help: """
                With --publish: a CURVE keys directory (`ooda keys generate`); publish as a CURVE server with the \
                --as pair, admitting the subscribers whose NAME.key is there.
                """
        )
        var keys: String?

        @Option(name: .customLong("as"), help: "With --keys: the certificate to publish with (a stage's name).")
        var identity: String?

        @OptionGroup var location: EventsLocation

        func validate() throws {
            if publish && endpoint == nil { throw ValidationError("--publish needs --endpoint") }
            if !publish && !kind.isEmpty { throw ValidationError("--kind goes with --publish") }
            if publish && parsedSpeed == .invalid { throw ValidationError("--speed is 1x, 10x, … or max") }
            if !(waitForSubscriber >= 0) { throw ValidationError("--wait-for-subscriber is a number of seconds, ≥ 0") }
            if !publish && keys != nil { throw ValidationError("--keys goes with --publish") }
            if (keys == nil) != (identity == nil) {
                throw ValidationError("--keys and --as go together: the directory, and the pair to publish with")
            }
        }

        func run() async throws {
            let events = try directory ?? location.directory()
            let progress = ProgressLine(noun: publish ? "events" : "observations")
            if publish {
                guard case .value(let speed) = parsedSpeed, let endpoint else { return }
                var replay = ReplayPublisher(
                    eventsDirectory: events,
                    endpoint: endpoint,
                    speed: speed,
                    kinds: try LogPrinter.parseKinds(kind),
                    subscriberWait: waitForSubscriber > 0 ? .milliseconds(Int64(waitForSubscriber * 1000)) : nil
                )
                if let keys, let identity {
                    replay.curve = try CurveKeyring(directory: keys).publisherCurve(as: identity)
                }
                let count = try await replay.run(
                    logger: .init(label: "ooda.replay"),
                    waiting: { bound in
                        FileHandle.standardError.write(Data("waiting for a subscriber on \(bound)…\n".utf8))
                    },
                    progress: { progress.show($0) }
                )
                progress.finish()
                print("published \(count) events on \(endpoint)")
                return
            }
            var session = ReplaySession(eventsDirectory: events, counterfactual: try counterfactual())
            session.progress = { progress.show($0) }
            let report = try session.run()
            progress.finish()
            print(report.text(counterfactual: session.counterfactual?.label))
            if session.counterfactual == nil && !report.reproducedEverything { throw ExitCode(1) }
        }

        private func counterfactual() throws -> ReplaySession.Counterfactual? {
            guard mode != nil || config != nil || policy != nil else { return nil }
            var configuration = DecisionConfiguration()
            var label: [String] = []
            if let config {
                configuration = try Topology.load(file: config).settings(DecisionConfiguration.self, for: .decide)
                label.append("decide settings of \(config)")
            }
            if let mode {
                configuration.mode = mode
                label.append("mode \(mode)")
            }
            if let policy {
                configuration.policy = policy
                label.append("policy \(policy)")
            }
            return ReplaySession.Counterfactual(configuration: configuration, label: label.joined(separator: ", "))
        }

        private enum Speed: Equatable {
            case value(Double?)
            case invalid
        }

        private var parsedSpeed: Speed {
            if speed == "max" { return .value(nil) }
            guard speed.hasSuffix("x"), let factor = Double(speed.dropLast()), factor > 0 else { return .invalid }
            return .value(factor)
        }
    }
}

extension DecisionMode: ExpressibleByArgument {}
extension DecisionPolicyKind: ExpressibleByArgument {}
