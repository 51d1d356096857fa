import Foundation
import Logging
import OODABus
import OODACore
import OODAEventLog
import ZeroMQ

/// Feeds the launcher's status from the bus: each stage's heartbeat counters, and decide's last decision.
///
/// A tap like any other: it subscribes to every stage's publisher for heartbeats and decisions only.
struct StatusFeed: Sendable {
    let topology: Topology
    let board: LaunchStatusBoard
    let logger: Logger

    /// Follows the bus until the task is cancelled.
    func run() async {
        do {
            let context = try ZMQContext()
            var configuration = ZeroMQSubscriber.Configuration(
                endpoints: topology.orderedStages.map(\.connect.description),
                kinds: [.heartbeat, .decision],
                notices: false
            )
            try topology.subscriberCurve(as: CurveKeyring.clientName, to: topology.orderedStages.map(\.stage))?
                .apply(to: &configuration)
            let subscriber = try await ZeroMQSubscriber(configuration: configuration, context: context, logger: logger)
            await withTaskCancellationHandler {
                for await event in subscriber.events {
                    guard let envelope = event.envelope else { continue }
                    apply(envelope)
                }
            } onCancel: {
                Task { await subscriber.close() }
            }
        } catch {
            logger.warning("the status has no bus figures", metadata: ["error": "\(error)"])
        }
    }

    func apply(_ envelope: Envelope) {
        switch envelope.body {
        case .heartbeat(let heartbeat):
            board.update(envelope.source) { $0.heartbeat = heartbeat }
        case .decision(let decision):
            let time = EventTime.format(envelope.timeNanos).dropFirst(11).prefix(8)
            let rails =
                decision.guardRails.isEmpty ? "" : " (\(decision.guardRails.map(\.name).joined(separator: ",")))"
            let line = "\(time) \(decision.action) \(String(format: "%.2f", decision.confidence))\(rails)"
            let target = decision.targetReplicas.map { " → \($0)" } ?? ""
            board.update(envelope.source) {
                $0.lastDecision = line
                if decision.action != .noop { $0.lastAction = "\(time) \(decision.action)\(target)" }
            }
        default:
            break
        }
    }
}
