import Foundation
import OODACore
import OODAPolicy

/// `ooda replay`: re-runs orient and decide over a recorded session and compares what they produce with what
/// was recorded, or runs another decide configuration over the same orientations (a counterfactual).
///
/// It follows each stage's own log: every StageStarted restarts the stage with the configuration it recorded,
/// resuming from the last recorded state exactly as the live stage did; every orientation is recomputed from
/// the observation it names as its cause; every decision from the outcomes and the orientation it names, in
/// that order. So a replay reproduces a live run bit for bit, restarts and dropped messages included.
public struct ReplaySession {
    /// Another decide configuration to compare with the recorded decisions.
    public struct Counterfactual: Sendable {
        public var configuration: DecisionConfiguration
        /// How it differs, for the report (`mode aggressive`, `policy hpa`).
        public var label: String

        public init(configuration: DecisionConfiguration, label: String) {
            self.configuration = configuration
            self.label = label
        }
    }

    public var eventsDirectory: String
    public var counterfactual: Counterfactual?
    /// Called every 10,000 observations with the count so far (for a progress line).
    public var progress: ((Int) -> Void)?
    public static let maximumDifferencesKept = 20

    public init(eventsDirectory: String, counterfactual: Counterfactual? = nil) {
        self.eventsDirectory = eventsDirectory
        self.counterfactual = counterfactual
    }

    /// Runs the replay.
    ///
    /// - Throws: the event log's errors (a corrupt record, a missing directory), or ``ReplayError`` when the
    ///   logs hold nothing to replay or a recorded configuration cannot be read.
    public func run() throws -> ReplayReport {
        guard FileManager.default.fileExists(atPath: eventsDirectory) else {
            throw ReplayError("no events directory at \(eventsDirectory); give the logs' directory (e.g. .ooda/events)")
        }
        let started = ContinuousClock.now
        var report = ReplayReport()
        try replay(into: &report)
        guard report.runs[.orient] != nil || report.runs[.decide] != nil else {
            guard report.notReplayed.isEmpty else {
                throw ReplayError(
                    "nothing to replay in \(eventsDirectory): the logs' oldest segments were removed and no "
                        + "StageStarted is left, so the configuration orient and decide ran with is unknown "
                        + "(\(report.notReplayed[.orient] ?? 0) orientations, \(report.notReplayed[.decide] ?? 0) "
                        + "decisions recorded); replay an archived copy that still has the first segments"
                )
            }
            throw ReplayError("no orient or decide log in \(eventsDirectory): nothing to replay")
        }
        report.seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        return report
    }

    private func directory(_ stage: StageName) -> String { "\(eventsDirectory)/\(stage.rawValue)" }

    /// One pass over every log: decide's drives, and orient's is replayed as decide reaches its orientations.
    private func replay(into report: inout ReplayReport) throws {
        // The logs may be growing (a replay of a running loop): each is read to an end taken now, in an order
        // that keeps every decision's and orientation's causes in what is read.
        let cut = LogCut.take(eventsDirectory: eventsDirectory)
        var log = try LogStream(directory: directory(.decide), end: cut.end(of: .decide))
        var orientations = try OrientReplayer(
            orientLog: directory(.orient),
            observeLog: directory(.observe),
            recompute: counterfactual == nil,
            cut: cut
        )
        var outcomes = try LogStream(directory: directory(.act), end: cut.end(of: .act))
        // When orient's log starts after its oldest segments were removed: a decision made before its first
        // orientation lost its orientation with them, and is counted, not replayed; the engine then resumes from
        // the last recorded decision, as the live one had moved on.
        let orientationsStart =
            orientations.startsAfterRemoval
            ? try LogStream.firstTime(of: .orientation, in: directory(.orient)) : nil
        var configuration: DecisionConfiguration?
        var resumeBeforeNext = false
        // Decide's log starts after removed segments with a StageStarted and no state: the next recorded decision
        // is not replayed, and the engines resume from it.
        var seedFromNext = false
        var engine: DecisionEngine?
        var alternative: DecisionEngine?
        var lastRecorded: Decision?
        var lastAlternative: Decision?
        while let envelope = try log.next() {
            switch envelope.body {
            case .stageStarted(let started):
                // A run re-announced at a new segment goes on as it was; it counts as a run only when its start
                // was removed with the segments before.
                if started.continued && configuration != nil { continue }
                report.runs[.decide, default: 0] += 1
                let recordedConfiguration = try recorded(DecisionConfiguration.self, started, envelope)
                configuration = recordedConfiguration
                resumeBeforeNext = false
                if lastRecorded == nil && log.startsAfterRemoval {
                    // The state it ran from went with the removed segments: take it from the next decision.
                    seedFromNext = true
                    continue
                }
                engine = try DecisionEngine.resumingIfPossible(
                    configuration: recordedConfiguration,
                    from: lastRecorded
                ).0
                if let counterfactual {
                    alternative = try DecisionEngine.resumingIfPossible(
                        configuration: counterfactual.configuration,
                        from: lastAlternative
                    ).0
                }
            case .decision(let recordedDecision):
                defer { lastRecorded = recordedDecision }
                if seedFromNext, let configuration {
                    report.notReplayed[.decide, default: 0] += 1
                    engine = try DecisionEngine.resumingIfPossible(configuration: configuration, from: recordedDecision)
                        .0
                    if let counterfactual {
                        alternative = try DecisionEngine.resumingIfPossible(
                            configuration: counterfactual.configuration,
                            from: recordedDecision
                        ).0
                    }
                    seedFromNext = false
                    continue
                }
                if engine == nil && log.startsAfterRemoval {
                    // Before the first StageStarted left: the configuration decide ran with was removed with the
                    // log's oldest segments. Counted, not compared.
                    report.notReplayed[.decide, default: 0] += 1
                    continue
                }
                if let orientationsStart, engine != nil, envelope.timeNanos < orientationsStart {
                    report.notReplayed[.decide, default: 0] += 1
                    resumeBeforeNext = true
                    continue
                }
                if resumeBeforeNext, let configuration {
                    engine = try DecisionEngine.resumingIfPossible(configuration: configuration, from: lastRecorded).0
                    resumeBeforeNext = false
                }
                report.recordedActions[recordedDecision.action, default: 0] += 1
                guard var current = engine, let orientationID = envelope.causes.last else {
                    differ(&report, envelope, nil, "no StageStarted before it: the log's start is missing")
                    report.decisionsDiffering += 1
                    continue
                }
                for id in envelope.causes.dropLast() {
                    guard let outcome = try outcomes.seek(id) else { continue }
                    _ = current.handle(outcome)
                    _ = alternative?.handle(outcome)
                }
                guard let orientation = try orientations.advance(to: orientationID, report: &report, session: self)
                else {
                    differ(&report, envelope, nil, "its orientation \(orientationID) is not in the orient log")
                    report.decisionsDiffering += 1
                    continue
                }
                let replayed = current.handle(orientation)
                engine = current
                if var other = alternative {
                    let decision = other.handle(orientation)
                    alternative = other
                    lastAlternative = decision
                    if let decision {
                        report.counterfactualActions[decision.action, default: 0] += 1
                        if decision.action == recordedDecision.action {
                            report.decisionsReproduced += 1
                        } else {
                            report.decisionsDiffering += 1
                            differ(
                                &report,
                                envelope,
                                .decision(decision),
                                Self.explain(
                                    recordedDecision,
                                    decision,
                                    recordedWord: "recorded",
                                    otherWord: "would have"
                                )
                            )
                        }
                    }
                } else if replayed == recordedDecision {
                    report.decisionsReproduced += 1
                } else {
                    report.decisionsDiffering += 1
                    differ(
                        &report,
                        envelope,
                        replayed.map { .decision($0) },
                        replayed.map {
                            Self.explain(recordedDecision, $0, recordedWord: "recorded", otherWord: "replayed")
                        } ?? "replay made no decision"
                    )
                }
            default:
                continue
            }
        }
        // The orientations decide never saw (it was down, or they came after its last decision).
        _ = try orientations.advance(to: nil, report: &report, session: self)
        if counterfactual != nil { report.observationsRead = report.decisionsReproduced + report.decisionsDiffering }
    }

    func recorded<Configuration: Decodable>(
        _ type: Configuration.Type,
        _ started: StageStarted,
        _ envelope: Envelope
    ) throws -> Configuration {
        do {
            return try started.configuration.decode(as: type)
        } catch {
            throw ReplayError("the configuration in \(envelope.id) cannot be read by this build: \(error)")
        }
    }

    func differ(_ report: inout ReplayReport, _ envelope: Envelope, _ replayed: MessageBody?, _ why: String) {
        guard report.differences.count < Self.maximumDifferencesKept else { return }
        report.differences.append(.init(recorded: envelope, replayed: replayed, explanation: why))
    }
}

/// Why a replay could not run.
public struct ReplayError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
