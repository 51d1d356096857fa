import OODACore
import OODAPolicy

/// Walks orient's log once: recomputes each orientation from its observation (unless only streaming) and
/// hands the recorded orientations to decide's replay as it reaches them, so each is decoded once.
struct OrientReplayer {
    private var log: LogStream
    private var observations: LogStream
    private let recompute: Bool
    private var orienter: Orienter?
    private var configuration: OrientConfiguration?
    private var lastRecorded: Orientation?
    /// When observe's log starts after its oldest segments were removed: the time of its first observation.
    /// An orientation made before it lost its observation with them.
    private let observationsStart: Int64?
    /// Orientations were skipped since the orienter last ran: it resumes from the last recorded one first,
    /// as the live stage had moved on.
    private var resumeBeforeNext = false
    /// A StageStarted was seen (a run's start, or its re-announcement at a new segment).
    private var seenRun = false
    /// The log starts after removed segments with a StageStarted and no state: the next recorded orientation
    /// is not replayed, and the orienter resumes from it.
    private var seedFromNext = false

    /// Whether orient's log starts after its oldest segments were removed.
    var startsAfterRemoval: Bool { log.startsAfterRemoval }

    init(orientLog: String, observeLog: String, recompute: Bool, cut: LogCut) throws {
        log = try LogStream(directory: orientLog, end: cut.end(of: .orient))
        observations = try LogStream(directory: observeLog, end: cut.end(of: .observe))
        self.recompute = recompute
        observationsStart =
            recompute && observations.startsAfterRemoval
            ? try LogStream.firstTime(of: .observation, in: observeLog) : nil
    }

    /// Replays orient's log up to the orientation `id` and returns it; with nil, replays to the end.
    mutating func advance(to id: EventID?, report: inout ReplayReport, session: ReplaySession) throws -> Envelope? {
        while let envelope = try log.next() {
            switch envelope.body {
            case .stageStarted(let started):
                // A run re-announced at a new segment goes on as it was; it counts as a run only when its start
                // was removed with the segments before.
                let seen = seenRun
                seenRun = true
                if started.continued && seen { continue }
                report.runs[.orient, default: 0] += 1
                guard recompute else { continue }
                let configuration = try session.recorded(OrientConfiguration.self, started, envelope)
                self.configuration = configuration
                resumeBeforeNext = false
                if lastRecorded == nil && log.startsAfterRemoval {
                    // The state it ran from went with the removed segments: take it from the next orientation.
                    orienter = nil
                    seedFromNext = true
                } else {
                    // As the live stage did: resume from the last orientation, or start fresh if that fails.
                    orienter = try Orienter.resumingIfPossible(configuration: configuration, from: lastRecorded).0
                }
            case .orientation(let recorded):
                if recompute { try check(envelope, recorded, &report, session) }
                lastRecorded = recorded
                if envelope.id == id { return envelope }
            default:
                continue
            }
        }
        return nil
    }

    private mutating func check(
        _ envelope: Envelope,
        _ recorded: Orientation,
        _ report: inout ReplayReport,
        _ session: ReplaySession
    ) throws {
        guard let configuration else {
            if log.startsAfterRemoval {
                report.notReplayed[.orient, default: 0] += 1
                return
            }
            report.orientationsDiffering += 1
            session.differ(&report, envelope, nil, "no StageStarted before it: the log's start is missing")
            return
        }
        if seedFromNext {
            report.notReplayed[.orient, default: 0] += 1
            orienter = try Orienter.resumingIfPossible(configuration: configuration, from: recorded).0
            seedFromNext = false
            return
        }
        guard var current = orienter else {
            // Not reached: with a configuration there is an orienter, or one is seeded above. Counted all the same.
            report.notReplayed[.orient, default: 0] += 1
            return
        }
        if let observationsStart, envelope.timeNanos < observationsStart {
            report.notReplayed[.orient, default: 0] += 1
            resumeBeforeNext = true
            return
        }
        if resumeBeforeNext {
            current = try Orienter.resumingIfPossible(configuration: configuration, from: lastRecorded).0
            resumeBeforeNext = false
        }
        guard let cause = envelope.causes.first, let observation = try observations.seek(cause) else {
            report.orientationsDiffering += 1
            let cause = envelope.causes.first?.rawValue ?? "?"
            session.differ(&report, envelope, nil, "its observation \(cause) is not in the observe log")
            return
        }
        report.observationsRead += 1
        if report.observationsRead % 10_000 == 0 { session.progress?(report.observationsRead) }
        do {
            let replayed = try current.orient(observation)
            if replayed == recorded {
                report.orientationsReproduced += 1
            } else {
                report.orientationsDiffering += 1
                session.differ(&report, envelope, .orientation(replayed), ReplaySession.explain(recorded, replayed))
            }
        } catch {
            report.orientationsDiffering += 1
            session.differ(&report, envelope, nil, "replay rejected its observation: \(error)")
        }
        orienter = current
    }
}
