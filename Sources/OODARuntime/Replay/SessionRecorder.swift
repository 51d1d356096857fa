import Logging
import OODACore
import OODAEventLog
import OODAPolicy

/// Records a session without processes or sockets: runs orient and decide in process over given observations,
/// acts on an in-memory replica count, and writes the four logs exactly as the live stages write them
/// (StageStarted with the configuration, causes, outcomes learnt before each decision).
///
/// For tests of replay and audit, and for the replay benchmark.
public struct SessionRecorder {
    private var observe: EnvelopeSequencer
    private var orient: EnvelopeSequencer
    private var decide: EnvelopeSequencer
    private var act: EnvelopeSequencer
    private var orienter: Orienter
    private var engine: DecisionEngine
    private let writers: [StageName: EventLogWriter]
    private var learnt: [EventID] = []
    /// What each stage re-announces at the start of a new segment, as the live stages do.
    private var continuations: [StageName: StageStarted] = [:]
    /// The replica count the in-memory target has.
    public private(set) var replicas: Int
    private let bounds: ClosedRange<Int>

    /// - Parameters:
    ///   - segmentBytes: the logs' segment size (small ones make many segments, for tests of removing them).
    ///   - reannouncesAtNewSegments: start each new segment with the stage's `StageStarted` (`continued`), as the
    ///     live stages do; false writes logs as ooda did before it re-announced runs.
    public init(
        eventsDirectory: String,
        orient orientConfiguration: OrientConfiguration = OrientConfiguration(),
        decide decideConfiguration: DecisionConfiguration = DecisionConfiguration(),
        durability: Durability = .never,
        segmentBytes: Int = EventLogConfiguration.defaultSegmentBytes,
        reannouncesAtNewSegments: Bool = true,
        startNanos: Int64
    ) throws {
        var writers: [StageName: EventLogWriter] = [:]
        for stage in StageName.loop {
            writers[stage] = try EventLogWriter(
                directory: "\(eventsDirectory)/\(stage.rawValue)",
                configuration: EventLogConfiguration(segmentBytes: segmentBytes, durability: durability),
                logger: Logger(label: "ooda.recorder")
            )
        }
        self.writers = writers
        observe = EnvelopeSequencer(source: .observe, epoch: 1)
        orient = EnvelopeSequencer(source: .orient, epoch: 1)
        decide = EnvelopeSequencer(source: .decide, epoch: 1)
        act = EnvelopeSequencer(source: .act, epoch: 1)
        orienter = try Orienter(configuration: orientConfiguration)
        engine = try DecisionEngine(configuration: decideConfiguration)
        replicas = decideConfiguration.initialReplicas
        bounds = decideConfiguration.minReplicas...decideConfiguration.maxReplicas
        let configurations: [(StageName, JSONValue)] = [
            (.observe, .object([:])), (.orient, try orientConfiguration.jsonValue()),
            (.decide, try decideConfiguration.jsonValue()), (.act, .object(["actuator": .string("memory")])),
        ]
        for (stage, configuration) in configurations {
            let started = StageStarted(version: OODARuntimeVersion.current, stage: stage, configuration: configuration)
            try append(stage, .stageStarted(started), timeNanos: startNanos, causes: [])
            guard reannouncesAtNewSegments else { continue }
            continuations[stage] = StageStarted(
                version: started.version,
                stage: stage,
                configuration: configuration,
                continued: true
            )
        }
    }

    /// Records one observation and everything the loop does with it.
    ///
    /// - Returns: the decision, if orient accepted the observation.
    @discardableResult
    public mutating func record(_ observation: Observation, atNanos time: Int64) throws -> Decision? {
        let observed = try append(.observe, .observation(observation), timeNanos: time, causes: [])
        guard let orientation = try? orienter.orient(observed) else { return nil }
        let oriented = try append(.orient, .orientation(orientation), timeNanos: time, causes: [observed.id])
        guard let decision = engine.handle(oriented) else { return nil }
        let decided = try append(.decide, .decision(decision), timeNanos: time, causes: learnt + [oriented.id])
        learnt.removeAll()
        let before = replicas
        switch decision.action {
        case .scaleUp: replicas = min(bounds.upperBound, replicas + 2)
        case .scaleDown: replicas = max(bounds.lowerBound, replicas - 1)
        default: break
        }
        let outcome = ActionOutcome(
            decision: decided.id,
            action: decision.action,
            success: true,
            details: before == replicas ? "No change" : "Scaled \(before) → \(replicas) replicas",
            executionNanos: 0,
            actuator: "memory",
            state: TargetState(
                replicas: replicas,
                minReplicas: bounds.lowerBound,
                maxReplicas: bounds.upperBound,
                revision: 1
            )
        )
        let acted = try append(.act, .actionOutcome(outcome), timeNanos: time, causes: [decided.id])
        // As in the live loop, decide learns the outcome before its next decision.
        _ = engine.handle(acted)
        learnt.append(acted.id)
        return decision
    }

    /// Makes the logs durable and closes them.
    public func close() throws {
        for writer in writers.values { try writer.close() }
    }

    @discardableResult
    private mutating func append(
        _ stage: StageName,
        _ body: MessageBody,
        timeNanos: Int64,
        causes: [EventID]
    ) throws
        -> Envelope
    {
        let envelope = stamp(stage, body, timeNanos: timeNanos, causes: causes)
        // As StageHost does: a new segment starts with the stage's run re-announced, at the event's time.
        let continuation = continuations[stage]
        let writer = writers[stage]!
        _ = try writer.append(
            encodedJSON: WireCodec().encodeJSON(envelope),
            startingSegmentWith: {
                guard let continuation else { return nil }
                let announcement = stamp(stage, .stageStarted(continuation), timeNanos: timeNanos, causes: [])
                return WireCodec().encodeJSON(announcement)
            }
        )
        return envelope
    }

    private mutating func stamp(
        _ stage: StageName,
        _ body: MessageBody,
        timeNanos: Int64,
        causes: [EventID]
    ) -> Envelope {
        switch stage {
        case .observe: observe.stamp(body, timeNanos: timeNanos, causes: causes)
        case .orient: orient.stamp(body, timeNanos: timeNanos, causes: causes)
        case .decide: decide.stamp(body, timeNanos: timeNanos, causes: causes)
        default: act.stamp(body, timeNanos: timeNanos, causes: causes)
        }
    }
}
