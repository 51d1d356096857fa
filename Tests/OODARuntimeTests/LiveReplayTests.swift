import Foundation
import OODACore
import OODAEventLog
import OODARuntime
import OODATestSupport
import Synchronization
import Testing

/// Replay of logs the stages are still appending to: an operator replays a running loop to audit it.
@Suite struct LiveReplayTests {
    /// Records a session on a thread of its own, observation after observation, until told to stop or `limit`
    /// observations are recorded (a bound, so that a slow machine's replays do not chase a growing log).
    final class BackgroundSession: Sendable {
        let recorded = Atomic<Int>(0)
        private let stopped = Atomic<Bool>(false)
        private let finished = Mutex<(done: Bool, error: String?)>((false, nil))

        init(eventsDirectory: String, limit: Int) {
            let thread = Thread { [self] in
                do {
                    var recorder = try SessionRecorder(eventsDirectory: eventsDirectory, startNanos: 0)
                    var simulation = ServiceSimulation()
                    var step: Int64 = 0
                    while !stopped.load(ordering: .relaxed) && step < limit {
                        let time = step * 100_000_000
                        try recorder.record(Observation(samples: simulation.sample(atNanos: time)), atNanos: time)
                        simulation.replicas = recorder.replicas
                        step += 1
                        recorded.store(Int(step), ordering: .relaxed)
                    }
                    try recorder.close()
                    finished.withLock { $0.done = true }
                } catch {
                    finished.withLock { $0 = (true, "\(error)") }
                }
            }
            thread.start()
        }

        /// Stops recording and waits for the logs to be closed; the recording's error, if it met one.
        func stop() async throws -> String? {
            stopped.store(true, ordering: .relaxed)
            // The recording thread's end is the event: it sets `done` once its logs are closed. A Thread is not
            // a task to await, so the flag is looked at every 10 ms, within a bound.
            try await withTimeout(.seconds(30), "the recording to close its logs") {
                while !self.finished.withLock({ $0.done }) { try await Task.sleep(for: .milliseconds(10)) }
            }
            return finished.withLock { $0.error }
        }
    }

    @Test func aReplayOfGrowingLogsReadsAConsistentCutAndFindsNoDifference() async throws {
        let root = try makeTemporaryDirectory().path
        let session = BackgroundSession(eventsDirectory: root, limit: 4000)
        // The recording is the event waited for: the first replay needs some of it on disk.
        try await withTimeout(.seconds(30), "200 observations recorded") {
            while session.recorded.load(ordering: .relaxed) < 200 { try await Task.sleep(for: .milliseconds(10)) }
        }
        var seen = 0
        for _ in 0..<3 {
            // Each replay reads while the four logs grow; orient's log, read longer than observe's, used to reach
            // orientations whose observations came after observe's reader had stopped.
            let report = try ReplaySession(eventsDirectory: root).run()
            #expect(report.reproducedEverything, "\(report.text(counterfactual: nil))")
            #expect(report.observationsRead >= seen)
            #expect(report.orientationsReproduced == report.observationsRead)
            seen = report.observationsRead
        }
        #expect(seen >= 200)
        let error = try await session.stop()
        #expect(error == nil)
        let whole = try ReplaySession(eventsDirectory: root).run()
        #expect(whole.reproducedEverything, "\(whole.text(counterfactual: nil))")
        #expect(whole.observationsRead == session.recorded.load(ordering: .relaxed))
    }
}
