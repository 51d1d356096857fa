import OODACore

/// Random envelopes of every kind from a seed, with the values a JSON codec gets wrong: awkward doubles, strings
/// that need escaping or are not ASCII, empty and large collections, nested configuration.
struct EnvelopeGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func envelopes(_ count: Int) -> [Envelope] {
        (0..<count).map { _ in envelope() }
    }

    mutating func envelope() -> Envelope {
        let body: MessageBody
        switch Int.random(in: 0..<6, using: &random) {
        case 0: body = .observation(Observation(samples: list(max: 40) { $0.sample() }))
        case 1: body = .orientation(orientation())
        case 2: body = .decision(decision())
        case 3: body = .actionOutcome(outcome())
        case 4:
            let sequences = Dictionary(uniqueKeysWithValues: MessageKind.allCases.map { ($0, integer()) })
            body = .stageStarted(
                StageStarted(
                    version: string(),
                    stage: StageName(string()),
                    configuration: value(depth: 0),
                    resumedSequences: sequences.filter { _ in Bool.random(using: &random) }
                )
            )
        default:
            body = .heartbeat(Heartbeat(messagesIn: integer(), messagesOut: integer(), rejected: 0, gaps: .max))
        }
        return Envelope(
            source: StageName(string()),
            epoch: integer(),
            sequence: integer(),
            timeNanos: Int64(bitPattern: integer()),
            causes: list(max: 3) { EventID(rawValue: $0.string()) },
            body: body
        )
    }

    // MARK: bodies

    private mutating func sample() -> MetricSample {
        MetricSample(name: string(), value: double(), labels: dictionary { $0.string() }, source: string())
    }

    private mutating func orientation() -> Orientation {
        let fields = list(max: 8) { $0.string() }
        return Orientation(
            fields: fields,
            level: fields.map { _ in double() },
            trend: fields.map { _ in double() },
            variance: fields.map { _ in double() },
            innovation: fields.map { _ in double() },
            nis: double(),
            scores: Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0, double()) }).filter { _ in
                Bool.random(using: &random)
            },
            recommended: Action.allCases.randomElement(using: &random)!,
            confidence: double(),
            reasoning: list(max: 3) { $0.string() },
            filter: FilterSnapshot(
                state: list(max: 12) { $0.double() },
                covariance: list(max: 144) { $0.double() },
                measurementNoise: list(max: 6) { $0.double() },
                adaptive: list(max: 3) { $0.double() },
                steps: integer(),
                lastTimeNanos: Int64(bitPattern: integer())
            )
        )
    }

    private mutating func decision() -> Decision {
        Decision(
            action: Action.allCases.randomElement(using: &random)!,
            proposed: Action.allCases.randomElement(using: &random)!,
            confidence: double(),
            mode: DecisionMode.allCases.randomElement(using: &random)!,
            threshold: double(),
            reasoning: list(max: 4) { $0.string() },
            guardRails: list(max: 3) {
                GuardRail(name: $0.string(), from: .scaleUp, to: .noop, detail: $0.string())
            },
            policy: string(),
            targetReplicas: Bool.random(using: &random) ? Int(bitPattern: UInt(integer())) : nil,
            engine: EngineSnapshot(
                lastActionNanos: Dictionary(
                    uniqueKeysWithValues: Action.allCases.map { ($0, Int64(bitPattern: integer())) }
                ).filter { _ in Bool.random(using: &random) },
                recommendations: list(max: 4) {
                    ReplicaRecommendation(
                        timeNanos: Int64(bitPattern: $0.integer()),
                        replicas: Int.random(in: -5...50, using: &$0.random)
                    )
                },
                replicas: Bool.random(using: &random) ? Int.random(in: 0...100, using: &random) : nil,
                decisions: integer()
            )
        )
    }

    private mutating func outcome() -> ActionOutcome {
        ActionOutcome(
            decision: EventID(rawValue: string()),
            action: Action.allCases.randomElement(using: &random)!,
            success: Bool.random(using: &random),
            details: string(),
            executionNanos: Int64(bitPattern: integer()),
            actuator: string(),
            state: TargetState(
                replicas: Int.random(in: 0...10, using: &random),
                minReplicas: Int.min,
                maxReplicas: Int.max,
                revision: Int(bitPattern: UInt(integer())),
                tuning: dictionary { $0.double() },
                lostReplicas: 0
            ),
            reconciled: Bool.random(using: &random)
        )
    }

    private mutating func value(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth < 4 ? 7 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(double())
        case 3, 4:
            // "NaN", "+Inf" and "-Inf" would come back as numbers: JSONValue reads them as numbers first.
            let text = string()
            return .string(["NaN", "+Inf", "-Inf"].contains(text) ? "_" + text : text)
        case 5: return .array(list(max: 5) { $0.value(depth: depth + 1) })
        default: return .object(dictionary { $0.value(depth: depth + 1) })
        }
    }

    // MARK: leaves

    static let awkwardDoubles: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2, 0.30000000000000004, 1.0 / 3.0, 2.5e-5, 1e-7, .leastNonzeroMagnitude,
        2.2250738585072014e-308,
        1e300, -1e-300, 1e15, 1e16, 1e21, 1e22, 1e23, 9_007_199_254_740_991, 9_007_199_254_740_992,
        9_007_199_254_740_994, 1.2345678901234568e20, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .leastNormalMagnitude, 0.62, 48.5, 1_732_412_400_000_000_000, 100, 1e-5, 0.001, .nan, .infinity, -.infinity,
    ]

    static let awkwardStrings: [String] = [
        "", "cpu_usage", "quote\" back\\slash/ slash", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F}",
        "é", "e\u{301}", "Ω≈ç√", "😀🇫🇷", "\u{2028}\u{2029}", "\u{FFFF}\u{10000}", "scrape:http://a/metrics?x=1&y=2",
        "Scaled 3 → 5 replicas", "NaN", "+Inf", "-Inf", "null", "true", "{\"a\":[1,2]}", "Z", "_", "a b",
    ]

    private mutating func double() -> Double {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return Self.awkwardDoubles.randomElement(using: &random)!
        case 1:
            // Any finite bit pattern: subnormals, huge and tiny exponents, 17-digit mantissas.
            var value = Double(bitPattern: random.next())
            while !value.isFinite { value = Double(bitPattern: random.next()) }
            return value
        case 2: return Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 1000
        default: return Double.random(in: -1e6...1e6, using: &random)
        }
    }

    private mutating func string() -> String {
        if Bool.random(using: &random) { return Self.awkwardStrings.randomElement(using: &random)! }
        let length = Int.random(in: 0...12, using: &random)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let ranges: [ClosedRange<UInt32>] = [
                0x00...0x7F, 0x20...0x7E, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0x10FFFF,
            ]
            let range = ranges.randomElement(using: &random)!
            scalars.append(Unicode.Scalar(UInt32.random(in: range, using: &random))!)
        }
        return String(scalars)
    }

    private mutating func integer() -> UInt64 {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return [0, 1, 9, 10, UInt64(Int64.max), UInt64(Int64.max) + 1, .max].randomElement(using: &random)!
        case 1: return UInt64.random(in: 0...1000, using: &random)
        default: return random.next()
        }
    }

    private mutating func list<Element>(max: Int, _ element: (inout Self) -> Element) -> [Element] {
        // Mostly short, sometimes empty, sometimes the maximum.
        let count = [0, 1, Int.random(in: 0...min(max, 8), using: &random), max].randomElement(using: &random)!
        return (0..<count).map { _ in element(&self) }
    }

    private mutating func dictionary<Value>(_ value: (inout Self) -> Value) -> [String: Value] {
        var members: [String: Value] = [:]
        for _ in 0..<[0, 1, 3, 10].randomElement(using: &random)! { members[string()] = value(&self) }
        return members
    }
}

/// A small, fast, seedable generator (Vigna's SplitMix64) so every run draws the same envelopes.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
