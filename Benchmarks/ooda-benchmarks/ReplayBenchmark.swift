import Foundation
import OODACore
import OODAEventLog
import OODARuntime

/// `ooda-benchmarks replay [observations] [directory to keep the logs in]`: records a session of that many
/// observations in process (the four logs, as the live stages write them), then replays it and prints
/// observations per second through orient and decide, read from the logs, with the CPU it took. Target:
/// 100,000/s (1,000,000 in under 10 s). Then it reads each log again alone, to show what reading costs
/// before any orienting or deciding.
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
    let cpuBefore = processCPUSeconds()
    let report = try ReplaySession(eventsDirectory: root).run()
    let replayed = ContinuousClock.now - replaying
    let cpu = processCPUSeconds() - cpuBefore
    let observations = Double(max(report.observationsRead, 1))
    print(
        "replayed \(report.observationsRead) observations in \(seconds(replayed)) s: "
            + "\(Int(Double(report.observationsRead) / seconds(replayed))) observations/s; "
            + "\(report.orientationsDiffering + report.decisionsDiffering) differences"
    )
    print(
        "  CPU: \(microseconds(cpu / observations)) µs per observation, "
            + "\(String(format: "%.2f", cpu / seconds(replayed))) of \(cores) cores busy"
    )
    try printReadingFloor(root, observations: observations)
}

private let cores = ProcessInfo.processInfo.activeProcessorCount

/// What reading the logs costs before orient and decide run: each log read, checked (checksum, chain) and
/// decoded on one thread, as replay's readers do, in CPU time per observation. Replay cannot go faster than
/// the cores divided by this.
private func printReadingFloor(_ root: String, observations: Double) throws {
    var parts: [String] = []
    var total = 0.0
    for stage in StageName.loop {
        let before = processCPUSeconds()
        var cursor = try EventLogReader(directory: "\(root)/\(stage)").records()
        while try cursor.next() != nil {}
        let cpu = (processCPUSeconds() - before) / observations
        total += cpu
        parts.append("\(stage) \(microseconds(cpu))")
    }
    print(
        "  reading and checking the four logs alone, one thread: \(microseconds(total)) µs CPU per observation "
            + "(\(parts.joined(separator: ", "))): at most \(Int(Double(cores) / total)) observations/s on "
            + "\(cores) cores before orient and decide run"
    )
}

private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

private func microseconds(_ seconds: Double) -> String {
    String(format: "%.1f", seconds * 1e6)
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
