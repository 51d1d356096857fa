import Foundation
import OODACore
import OODAEventLog
import OODARuntime

/// `ooda-benchmarks replay [observations] [directory to keep the logs in]`: records a session of that many observations in process (the four
/// logs, as the live stages write them), then replays it and prints observations per second through orient
/// and decide, read from the logs. Target: 100,000/s (1,000,000 in under 10 s).
func runReplayBenchmark(arguments: [String]) throws {
    let count = arguments.first.flatMap(Int.init) ?? 100_000
    // A second argument keeps the recorded logs in that directory (to profile `ooda replay` on them).
    let kept = arguments.dropFirst().first
    let root = kept ?? "/tmp/ooda-replay-\(UUID().uuidString.prefix(8))"
    defer { if kept == nil { try? FileManager.default.removeItem(atPath: root) } }
    var recorder = try SessionRecorder(eventsDirectory: root, startNanos: 0)
    var simulation = ServiceSimulation()
    let recording = ContinuousClock.now
    for step in 0..<count {
        let time = Int64(step) * 100_000_000
        try recorder.record(Observation(samples: simulation.sample(atNanos: time)), atNanos: time)
        simulation.replicas = recorder.replicas
    }
    try recorder.close()
    let recorded = ContinuousClock.now - recording
    let bytes =
        (try? FileManager.default.subpathsOfDirectory(atPath: root))?.reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: "\(root)/\(path)")[.size] as? Int) ?? 0)
        } ?? 0
    print("recorded \(count) observations in \(seconds(recorded)) s (\(bytes / 1_048_576) MiB of logs)")
    // Replay reads logs already on disk, as after an incident; without this the kernel would still be writing
    // the fresh logs back during the replay, on the same two cores.
    sync()
    let replaying = ContinuousClock.now
    let report = try ReplaySession(eventsDirectory: root).run()
    let replayed = ContinuousClock.now - replaying
    print(
        "replayed \(report.observationsRead) observations in \(seconds(replayed)) s: "
            + "\(Int(Double(report.observationsRead) / seconds(replayed))) observations/s; "
            + "\(report.orientationsDiffering + report.decisionsDiffering) differences"
    )
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
