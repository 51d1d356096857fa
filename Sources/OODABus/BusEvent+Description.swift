import OODACore

extension BusEvent: CustomStringConvertible {
    /// One line for a tap or a log: the envelope's id, or what the notice says.
    public var description: String {
        switch self {
        case .envelope(let envelope):
            "\(envelope.kind) \(envelope.id)"
        case .gap(let source, let kind, let epoch, let sequence, let missed):
            "gap: \(missed) \(kind) from \(source) (epoch \(epoch)) lost before #\(sequence)"
        case .restart(let source, let kind, let previousEpoch, let epoch, let missed):
            "restart: \(source) \(kind) epoch \(previousEpoch) → \(epoch)" + (missed > 0 ? ", \(missed) lost" : "")
        case .rejected(let error, let topic):
            "rejected '\(topic)': \(error)"
        case .handshakeFailed(let endpoint, let failure):
            "handshake with \(endpoint) failed: \(failure)"
        }
    }
}
