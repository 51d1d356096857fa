import Foundation
import Logging
import OODACore
import OODAEventLog
import OODAPolicy
import OODARuntime
import OODATestSupport
import Testing

@Suite struct ReplayTests {
    /// A crafted trace: calm, then cpu and latency climbing steadily (a ramp), then calm again.
    func recordRamp(
        mode: DecisionMode = .balanced,
        segmentBytes: Int = EventLogConfiguration.defaultSegmentBytes,
        reannouncing: Bool = true
    ) throws -> String {
        let root = try makeTemporaryDirectory().path
        var decide = DecisionConfiguration(mode: mode)
        decide.cooldownSeconds = [.scaleUp: 5, .scaleDown: 5, .retune: 60, .rollback: 60]
        decide.scaleDownStabilizationSeconds = 10
        var recorder = try SessionRecorder(
            eventsDirectory: root,
            decide: decide,
            segmentBytes: segmentBytes,
            reannouncesAtNewSegments: reannouncing,
            startNanos: 0
        )
        for step in 0..<300 {
            let t = Double(step)
            let load = step < 60 ? 0.35 : (step < 200 ? min(0.98, 0.35 + (t - 60) * 0.006) : 0.25)
            let observation = Observation(samples: [
                MetricSample(name: MetricName.omegaScore, value: 0.95 - max(0, load - 0.8) * 0.5, source: "test"),
                MetricSample(name: MetricName.psiIndex, value: 0.97, source: "test"),
                MetricSample(name: MetricName.betaAntifragile, value: 1.2, source: "test"),
                MetricSample(name: MetricName.cpuUsage, value: load, source: "test"),
                MetricSample(name: MetricName.latencyMs, value: 30 / (1 - min(load, 0.95)), source: "test"),
                MetricSample(name: MetricName.throughput, value: 1000, source: "test"),
            ])
            try recorder.record(observation, atNanos: Int64(step) * 1_000_000_000)
        }
        try recorder.close()
        return root
    }

    @Test func aRecordedSessionReplaysExactly() throws {
        let root = try recordRamp()
        let report = try ReplaySession(eventsDirectory: root).run()
        #expect(report.reproducedEverything, "\(report.text(counterfactual: nil))")
        #expect(report.orientationsReproduced == 300)
        #expect(report.decisionsReproduced == 300)
        #expect((report.recordedActions[.scaleUp] ?? 0) > 0, "the ramp makes decide scale up")
    }

    @Test func anotherModeDecidesDifferentlyAndSaysWhere() throws {
        let root = try recordRamp(mode: .conservative)
        var aggressive = DecisionConfiguration(mode: .aggressive)
        aggressive.cooldownSeconds = [.scaleUp: 5, .scaleDown: 5, .retune: 60, .rollback: 60]
        aggressive.scaleDownStabilizationSeconds = 10
        let session = ReplaySession(
            eventsDirectory: root,
            counterfactual: .init(configuration: aggressive, label: "mode aggressive")
        )
        let report = try session.run()
        #expect(report.decisionsDiffering > 0)
        #expect(!report.differences.isEmpty)
        #expect(report.differences[0].explanation.contains("recorded"))
        #expect(report.differences[0].explanation.contains("would have"))
        let text = report.text(counterfactual: "mode aggressive")
        #expect(text.contains("counterfactual:      mode aggressive"))
        // On a ramp, aggressive acts no later than conservative did.
        let firstScaleUp = { (actions: [Action: Int]) in actions[.scaleUp] ?? 0 }
        #expect(firstScaleUp(report.counterfactualActions) >= firstScaleUp(report.recordedActions))
    }

    @Test func theHPABaselineRunsOverTheSameOrientations() throws {
        let root = try recordRamp()
        var hpa = DecisionConfiguration()
        hpa.policy = .hpa
        let report = try ReplaySession(
            eventsDirectory: root,
            counterfactual: .init(configuration: hpa, label: "policy hpa")
        )
        .run()
        #expect(report.counterfactualActions.values.reduce(0, +) == 300)
    }

    /// Removes the oldest `count` segments of each of these stages' logs, as an operator freeing the disk does.
    private func removeOldestSegments(_ count: Int = 1, of stages: [StageName], in root: String) throws {
        for stage in stages {
            let directory = "\(root)/\(stage.rawValue)"
            let segments = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            try #require(segments.count > count, "\(stage) has \(segments.count) segments")
            for name in segments.prefix(count) { try FileManager.default.removeItem(atPath: "\(directory)/\(name)") }
        }
    }

    @Test func aLongRunWhoseFirstSegmentsWereRemovedReplaysFromTheOldestLeft() throws {
        let root = try recordRamp(segmentBytes: 32_768)
        try removeOldestSegments(2, of: StageName.loop, in: root)
        let report = try ReplaySession(eventsDirectory: root).run()
        let text = report.text(counterfactual: nil)
        #expect(report.reproducedEverything, "\(text)")
        // Each segment starts with its stage's run re-announced, so replay picks the run up where the log starts:
        // only the record it resumes from, and those whose inputs were removed, are not replayed.
        let skippedOrientations = report.notReplayed[.orient] ?? 0
        let skippedDecisions = report.notReplayed[.decide] ?? 0
        #expect(skippedOrientations >= 1)
        #expect(skippedDecisions >= 1)
        #expect(report.orientationsReproduced > 150, "\(text)")
        #expect(report.decisionsReproduced > 150, "\(text)")
        #expect(report.runs[.orient] == 1 && report.runs[.decide] == 1)
    }

    @Test func reannouncedRunsReplayExactlyAndDoNotCountAsRestarts() throws {
        let root = try recordRamp(segmentBytes: 32_768)
        let report = try ReplaySession(eventsDirectory: root).run()
        #expect(report.reproducedEverything, "\(report.text(counterfactual: nil))")
        #expect(report.orientationsReproduced == 300)
        #expect(report.decisionsReproduced == 300)
        #expect(report.runs[.orient] == 1 && report.runs[.decide] == 1)
        let continued = try EventLogReader(directory: "\(root)/orient").records()
        var announcements = 0
        var records = continued
        while let record = try records.next() {
            if case .stageStarted(let started) = record.envelope.body, started.continued {
                announcements += 1
                // The first record of its segment.
                #expect(record.position.offset == 0)
            }
        }
        #expect(announcements == (try EventLogReader(directory: "\(root)/orient").segments().count) - 1)
    }

    @Test func orientationsWhoseObservationsWereRemovedAreCountedAndTheRestReplayExactly() throws {
        let root = try recordRamp(segmentBytes: 32_768)
        try removeOldestSegments(of: [.observe], in: root)
        let report = try ReplaySession(eventsDirectory: root).run()
        let skipped = report.notReplayed[.orient] ?? 0
        #expect(report.reproducedEverything, "\(report.text(counterfactual: nil))")
        #expect(skipped > 0)
        // Every orientation is either reproduced (orient resumed from the last recorded one) or counted.
        #expect(report.orientationsReproduced + skipped == 300)
        #expect(report.orientationsReproduced > 0)
        #expect(report.decisionsReproduced == 300)
        #expect(report.text(counterfactual: nil).contains("not replayed:        \(skipped) orientations"))
    }

    @Test func decisionsWhoseOrientationsWereRemovedAreCountedAndTheRestReplayExactly() throws {
        let root = try recordRamp(segmentBytes: 65_536, reannouncing: false)
        try removeOldestSegments(of: [.observe, .orient], in: root)
        let report = try ReplaySession(eventsDirectory: root).run()
        #expect(report.reproducedEverything, "\(report.text(counterfactual: nil))")
        // Logs from before runs were re-announced: orient's StageStarted went with its first segment, and none
        // of its orientations can be recomputed.
        #expect(report.orientationsReproduced == 0)
        let skipped = report.notReplayed[.decide] ?? 0
        #expect(skipped > 0)
        #expect(report.decisionsReproduced + skipped == 300)
        #expect(report.decisionsReproduced > 0)
    }

    @Test func logsWithNoStageStartedLeftSayWhyNothingReplays() throws {
        let root = try recordRamp(segmentBytes: 32_768, reannouncing: false)
        try removeOldestSegments(of: [.observe, .orient, .decide], in: root)
        #expect {
            try ReplaySession(eventsDirectory: root).run()
        } throws: { error in
            "\(error)".contains("oldest segments were removed") && "\(error)".contains("no StageStarted is left")
        }
    }

    @Test func aMissingDirectoryIsAClearError() throws {
        #expect {
            try ReplaySession(eventsDirectory: "/nonexistent/events").run()
        } throws: { "\($0)".contains("/nonexistent/events") }
    }

    @Test func anEmptyEventsDirectorySaysThereIsNothingToReplay() throws {
        let root = try makeTemporaryDirectory().path
        #expect {
            try ReplaySession(eventsDirectory: root).run()
        } throws: { "\($0)".contains("nothing to replay") }
    }

    @Test func aCorruptRecordStopsReplayNamingTheFileAndOffset() throws {
        let root = try recordRamp()
        let segment = "\(root)/decide/00000001.jsonl"
        var bytes = try #require(FileManager.default.contents(atPath: segment))
        // A byte inside the payload of a record in the middle: its checksum no longer holds.
        let lines = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        let start = lines[lines.count / 2] + 1
        let target = start + 200
        bytes[target] = bytes[target] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try bytes.write(to: URL(fileURLWithPath: segment))
        #expect {
            try ReplaySession(eventsDirectory: root).run()
        } throws: { error in
            "\(error)".contains(segment) && "\(error)".contains("\(start)")
        }
    }

    @Test func aLogFromANewerSchemaIsAClearError() throws {
        let root = try makeTemporaryDirectory().path
        let writer = try EventLogWriter(
            directory: "\(root)/orient",
            configuration: EventLogConfiguration(durability: .never),
            logger: Logger(label: "test")
        )
        // A record a newer ooda wrote: intact checksum and chain, but a schema this build does not read.
        let newer =
            #"{"body":{"gaps":0,"messagesIn":0,"messagesOut":0,"rejected":0},"causes":[],"epoch":1,"#
            + #""id":"orient-1-heartbeat-1","kind":"heartbeat","schema":2,"sequence":1,"source":"orient","timeNanos":0}"#
        _ = try writer.append(encodedJSON: Array(newer.utf8))
        try writer.close()
        #expect {
            try ReplaySession(eventsDirectory: root).run()
        } throws: { error in
            "\(error)".contains("schema") && "\(error)".contains("orient")
        }
    }
}
