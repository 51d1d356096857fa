/// The body of an envelope: one case per ``MessageKind``.
public enum MessageBody: Sendable, Equatable {
    case observation(Observation)
    case orientation(Orientation)
    case decision(Decision)
    case actionOutcome(ActionOutcome)
    case stageStarted(StageStarted)
    case heartbeat(Heartbeat)

    /// The kind, and so the topic, of this body.
    public var kind: MessageKind {
        switch self {
        case .observation: .observation
        case .orientation: .orientation
        case .decision: .decision
        case .actionOutcome: .actionOutcome
        case .stageStarted: .stageStarted
        case .heartbeat: .heartbeat
        }
    }

    public var observation: Observation? {
        if case .observation(let value) = self { return value }
        return nil
    }

    public var orientation: Orientation? {
        if case .orientation(let value) = self { return value }
        return nil
    }

    public var decision: Decision? {
        if case .decision(let value) = self { return value }
        return nil
    }

    public var actionOutcome: ActionOutcome? {
        if case .actionOutcome(let value) = self { return value }
        return nil
    }

    public var stageStarted: StageStarted? {
        if case .stageStarted(let value) = self { return value }
        return nil
    }

    public var heartbeat: Heartbeat? {
        if case .heartbeat(let value) = self { return value }
        return nil
    }
}
