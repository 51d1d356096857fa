public import OODACore

/// One envelope of every kind, with every optional field filled, shared by the codec and bus tests.
public enum MessageSamples {
    public static let observation = Envelope(
        source: .observe,
        epoch: 1_732_412_345_678_901,
        sequence: 42,
        timeNanos: 1_732_412_400_000_000_000,
        body: .observation(
            Observation(samples: [
                MetricSample(name: "cpu_usage", value: 0.62, source: "proc"),
                MetricSample(name: "latency_ms", value: 48.5, labels: ["quantile": "0.99"], source: "simulation"),
                MetricSample(name: "queue_depth", value: .nan, source: "push"),
                MetricSample(
                    name: "burst",
                    value: .infinity,
                    labels: ["le": "+Inf"],
                    source: "scrape:http://a/metrics"
                ),
            ])
        )
    )

    public static let orientation = Envelope(
        source: .orient,
        epoch: 7,
        sequence: 42,
        timeNanos: 1_732_412_400_000_000_000,
        causes: [observation.id],
        body: .orientation(
            Orientation(
                fields: ["cpu_usage", "latency_ms"],
                level: [0.61, 47.9],
                trend: [0.01, -0.2],
                variance: [0.001, 0.5],
                innovation: [0.01, 0.6],
                nis: 1.7,
                scores: [.scaleUp: 0.2, .scaleDown: 0.05, .retune: 0.1, .rollback: 0.0, .noop: 0.65],
                recommended: .noop,
                confidence: 0.65,
                reasoning: ["cpu 0.61 is within its band"],
                filter: FilterSnapshot(
                    state: [0.61, 0.01, 47.9, -0.2],
                    covariance: [Double](repeating: 0.1, count: 16),
                    measurementNoise: [0.01, 1.0],
                    adaptive: [0.3],
                    steps: 42,
                    lastTimeNanos: 1_732_412_400_000_000_000
                )
            )
        )
    )

    public static let decision = Envelope(
        source: .decide,
        epoch: 9,
        sequence: 3,
        timeNanos: 1_732_412_400_000_000_000,
        causes: [orientation.id],
        body: .decision(
            Decision(
                action: .noop,
                proposed: .scaleDown,
                confidence: 0.9,
                mode: .balanced,
                threshold: 0.7,
                reasoning: ["cpu low and steady"],
                guardRails: [
                    GuardRail(
                        name: "stabilizationWindow",
                        from: .scaleDown,
                        to: .noop,
                        detail: "a higher recommendation 120 s ago is inside the 300 s window"
                    )
                ],
                policy: "ooda",
                targetReplicas: 4,
                engine: EngineSnapshot(
                    lastActionNanos: [.scaleUp: 1_732_412_300_000_000_000],
                    recommendations: [ReplicaRecommendation(timeNanos: 1_732_412_280_000_000_000, replicas: 5)],
                    replicas: 5,
                    decisions: 3
                )
            )
        )
    )

    public static let actionOutcome = Envelope(
        source: .act,
        epoch: 11,
        sequence: 1,
        timeNanos: 1_732_412_400_001_000_000,
        causes: [decision.id],
        body: .actionOutcome(
            ActionOutcome(
                decision: decision.id,
                action: .scaleUp,
                success: true,
                details: "Scaled 3 → 5 replicas",
                executionNanos: 41_000,
                actuator: "mock",
                state: TargetState(
                    replicas: 5,
                    minReplicas: 2,
                    maxReplicas: 10,
                    revision: 1,
                    tuning: ["eta": 0.1, "gamma": 0.9, "tau": 1.0]
                ),
                reconciled: false
            )
        )
    )

    public static let stageStarted = Envelope(
        source: .decide,
        epoch: 9,
        sequence: 1,
        timeNanos: 1_732_412_300_000_000_000,
        body: .stageStarted(
            StageStarted(
                version: "0.1.0",
                stage: .decide,
                configuration: .object(["mode": .string("balanced"), "minConfidence": .null, "cooldown": .number(30)]),
                resumedSequences: [.decision: 2]
            )
        )
    )

    public static let heartbeat = Envelope(
        source: .orient,
        epoch: 7,
        sequence: 100,
        timeNanos: 1_732_412_401_000_000_000,
        body: .heartbeat(Heartbeat(messagesIn: 10, messagesOut: 11, rejected: 1, gaps: 0))
    )

    public static let all = [observation, orientation, decision, actionOutcome, stageStarted, heartbeat]
}
