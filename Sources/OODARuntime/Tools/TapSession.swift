import Logging
import OODABus
import OODACore
import OODAEventLog
import ZeroMQ

/// `ooda tap`: subscribes to publishers and prints every message, one line each, with the bus's notices
/// (gaps, restarts, rejected frames) inline, until cancelled.
public struct TapSession: Sendable {
    public var endpoints: [String]
    /// Only these kinds; nil for all (and then frames of unknown kinds are shown as rejected).
    public var kinds: Set<MessageKind>?
    /// JSON lines (the envelope exactly as on the wire, notices as `{"notice":…}`) instead of text.
    public var json: Bool
    /// After this long with nothing received, say so (and again each time it passes).
    public var quietNotice: Duration
    /// CURVE keys, for a bus that has them (from the topology, or `--keys`); `nil` for plain text.
    public var curve: SubscriberCurve?

    public init(endpoints: [String], kinds: Set<MessageKind>?, json: Bool, quietNotice: Duration = .seconds(3)) {
        self.endpoints = endpoints
        self.kinds = kinds
        self.json = json
        self.quietNotice = quietNotice
    }

    /// Prints until the task is cancelled (Ctrl-C).
    ///
    /// - Parameters:
    ///   - output: receives each line for standard output.
    ///   - status: receives waiting notices, for standard error.
    public func run(
        logger: Logger,
        output: @escaping @Sendable (String) -> Void,
        status: @escaping @Sendable (String) -> Void
    ) async throws {
        let context = try ZMQContext()
        var configuration = ZeroMQSubscriber.Configuration(endpoints: endpoints, kinds: kinds, notices: true)
        curve?.apply(to: &configuration)
        let subscriber = try await ZeroMQSubscriber(configuration: configuration, context: context, logger: logger)
        let codec = WireCodec()
        status(
            "tapping \(endpoints.joined(separator: ", "))"
                + (kinds.map { " for \($0.map(\.rawValue).sorted().joined(separator: ", "))" } ?? "")
        )
        let received = LastReceived()
        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: quietNotice)
                if received.quietFor(quietNotice) {
                    status(
                        "waiting: nothing received from \(endpoints.joined(separator: ", ")); is the publisher running?"
                    )
                }
            }
        }
        await withTaskCancellationHandler {
            for await event in subscriber.events {
                received.mark()
                output(line(for: event, codec: codec))
            }
        } onCancel: {
            Task { await subscriber.close() }
        }
        watchdog.cancel()
    }

    func line(for event: BusEvent, codec: WireCodec) -> String {
        switch event {
        case .envelope(let envelope):
            return json ? String(decoding: codec.encodeJSON(envelope), as: UTF8.self) : RecordFormatter.text(envelope)
        case .gap(let source, let kind, let epoch, let sequence, let missed):
            return notice(
                "gap",
                "\(source) \(kind): \(missed) missed before #\(sequence)",
                [
                    "source": source.rawValue, "kind": kind.rawValue, "epoch": "\(epoch)", "sequence": "\(sequence)",
                    "missed": "\(missed)",
                ]
            )
        case .restart(let source, let kind, let previous, let epoch, let missed):
            return notice(
                "restart",
                "\(source) restarted (epoch \(previous) → \(epoch)), \(kind) missed \(missed)",
                [
                    "source": source.rawValue, "kind": kind.rawValue, "previousEpoch": "\(previous)",
                    "epoch": "\(epoch)", "missed": "\(missed)",
                ]
            )
        case .rejected(let error, let topic):
            return notice("rejected", "topic '\(topic)': \(error)", ["topic": topic, "error": "\(error)"])
        case .handshakeFailed(let endpoint, let failure):
            let hint =
                switch failure {
                case .curveRequired:
                    "; tap with --topology, whose curve.keys holds the keys, or with --keys DIR and "
                        + "--endpoint NAME=\(endpoint)"
                case .refused: "; put this tap's public certificate in the stages' keys directory and restart them"
                case .hungUp, .publisherWithoutCurve: ""
                }
            return notice("handshake", "\(endpoint): \(failure)\(hint)", ["endpoint": endpoint, "why": "\(failure)"])
        }
    }

    private func notice(_ name: String, _ text: String, _ fields: [String: String]) -> String {
        guard json else { return "!! \(name): \(text)" }
        let members = (["notice": name].merging(fields) { $1 }).sorted { $0.key < $1.key }
        return "{" + members.map { "\(quote($0.key)):\(quote($0.value))" }.joined(separator: ",") + "}"
    }

    private func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
