import Foundation
import Histogram
import Logging
import OODABus
import OODACore
import OODAEventLog
import OODARuntime
import ZeroMQ

/// `ooda-benchmarks loop [rate-hz] [observations] [curve]`: launches the four stages with `ooda launch` (the
/// `ooda` binary beside this one) at the given observation rate, taps decide and act, and prints the latency from
/// an observation's event time to the decision's and the outcome's arrival at the tap, then each stage's memory.
///
/// The mock actuator has no delay; logging is on with group commit, as in production. With `curve`, the bus is
/// encrypted with CURVE and every subscriber's key checked, as a topology with `curve.keys` runs it.
func runLoopBenchmark(arguments: [String]) async throws {
    let rate = arguments.first.flatMap(Double.init) ?? 1000
    let count = arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
    let curve = arguments.dropFirst(2).first == "curve"
    let warmUp = min(500, count / 10)
    let directory = URL(fileURLWithPath: "/tmp/ooda-loop-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    // Declared before the launcher's kill, so it runs after it: also when the benchmark fails.
    defer { try? FileManager.default.removeItem(at: directory) }
    let topology = directory.appendingPathComponent("topology.yml")
    // Every stage serves /metrics, whose publication-age histograms give the latency up to each publication.
    let published = try PublishedStage.loop.map { ($0, "127.0.0.1:\(try freeLoopbackPort())") }
    let metrics = Dictionary(uniqueKeysWithValues: published.map { ($0.0.stage, $0.1) })
    if curve { _ = try CurveKeyring(directory: "\(directory.path)/keys").generate(names: CurveKeyring.defaultNames) }
    try """
    name: loop-benchmark
    \(curve ? "curve: {keys: \(directory.path)/keys}" : "")
    logs: {directory: \(directory.path)/events, fsync: group, groupCommit: 5ms}
    heartbeat: 1s
    stages:
      observe: {publish: "ipc://\(directory.path)/o.sock", interval: \(1 / rate), simulation: {}, metrics: "\(metrics["observe"]!)"}
      orient: {publish: "ipc://\(directory.path)/r.sock", metrics: "\(metrics["orient"]!)"}
      decide: {publish: "ipc://\(directory.path)/d.sock", metrics: "\(metrics["decide"]!)"}
      act: {publish: "ipc://\(directory.path)/a.sock", actuator: mock, metrics: "\(metrics["act"]!)"}
    """.write(to: topology, atomically: true, encoding: .utf8)

    let ooda = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ooda")
    let launcher = Process()
    launcher.executableURL = ooda
    launcher.arguments = ["launch", topology.path, "--status-interval", "0", "--log-level", "warning"]
    launcher.currentDirectoryURL = directory
    try launcher.run()
    defer { if launcher.isRunning { kill(launcher.processIdentifier, SIGKILL) } }

    let context = try ZMQContext()
    var configuration = ZeroMQSubscriber.Configuration(
        endpoints: ["ipc://\(directory.path)/d.sock", "ipc://\(directory.path)/a.sock"],
        kinds: [.decision, .actionOutcome],
        notices: false,
        receiveHighWaterMark: 100_000,
        bufferCapacity: 100_000
    )
    try Topology.load(file: topology.path).subscriberCurve(as: CurveKeyring.clientName, to: [.decide, .act])?
        .apply(to: &configuration)
    let subscriber = try await ZeroMQSubscriber(
        configuration: configuration,
        context: context,
        logger: Logger(label: "loop-benchmark")
    )
    // If the launcher stops (a stage it gave up on), stop waiting for figures that will not come.
    // (Polled: Foundation's waitUntilExit spins a run loop that would take a core from the stages measured.)
    let watchdog = Task.detached {
        while launcher.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        await subscriber.close()
    }
    defer { watchdog.cancel() }
    var toDecision = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
    var toOutcome = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
    var decisions = 0
    var outcomes = 0
    print(
        "loop at \(Int(rate)) Hz\(curve ? " with CURVE" : ""): \(count) observations after \(warmUp) of warm-up (the tap "
            + "is a fifth process)"
    )
    print("  \(HostIdle.describe())")
    // The stages' histograms as the warm-up ends, scraped off the tap's thread so that it keeps receiving.
    let (warmedUp, warmUpEnded) = AsyncStream<Void>.makeStream()
    let baseline = Task {
        for await _ in warmedUp { break }
        var ages: [PublicationAges] = []
        for (stage, address) in published { ages.append(try await stage.scrape(address)) }
        return ages
    }
    // The tap's clock is read on the thread that received the message, as soon as it is read.
    await withTaskExecutorPreference(subscriber.executor) {
        for await event in subscriber.events {
            guard let envelope = event.envelope else { continue }
            let latency = UInt64(max(0, wallClockNanos() - envelope.timeNanos))
            switch envelope.kind {
            case .decision:
                decisions += 1
                if decisions > warmUp { toDecision.record(latency) }
                if decisions == warmUp { warmUpEnded.yield() }
            case .actionOutcome:
                outcomes += 1
                if outcomes > warmUp { toOutcome.record(latency) }
            default:
                break
            }
            if decisions >= count + warmUp && outcomes >= count + warmUp { break }
        }
    }
    warmUpEnded.finish()
    let before = try await baseline.value
    var toPublication: [PublicationAges] = []
    for ((stage, address), earlier) in zip(published, before) {
        toPublication.append(try await stage.scrape(address).since(earlier))
    }
    let memory = stageMemory(topology: topology.path)
    kill(launcher.processIdentifier, SIGTERM)
    launcher.waitUntilExit()
    await subscriber.close()
    print("                                         p50 µs     p99 µs     max µs   count")
    report("observation → decision (at tap)", toDecision)
    report("observation → outcome (at tap)", toOutcome)
    for ((stage, _), ages) in zip(published, toPublication) { report(stage.label, ages) }
    print("  (published: from each stage's /metrics, 100 µs buckets, interpolated as histogram_quantile does)")
    for (stage, kilobytes) in memory { print("  \(stage) resident: \(kilobytes / 1024) MB") }
}

private func report(_ label: String, _ ages: PublicationAges) {
    let columns = [ages.quantile(0.5), ages.quantile(0.99)].map { String(format: "%10.1f", $0 * 1e6) }
    print(
        "  \(label.padding(toLength: 38, withPad: " ", startingAt: 0))\(columns.joined(separator: " "))          -   \(Int(ages.count))"
    )
}

private func report(_ label: String, _ histogram: Histogram<UInt64>) {
    let columns = [histogram.valueAtPercentile(50), histogram.valueAtPercentile(99), histogram.max].map {
        String(format: "%10.1f", Double($0) / 1000)
    }
    print(
        "  \(label.padding(toLength: 38, withPad: " ", startingAt: 0))\(columns.joined(separator: " "))   \(histogram.totalCount)"
    )
}

private func wallClockNanos() -> Int64 { EventTime.wallClockNanos() }

/// Each stage's resident memory (VmRSS, kB), found by its command line.
private func stageMemory(topology: String) -> [(String, Int)] {
    var found: [(String, Int)] = []
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for stage in ["observe", "orient", "decide", "act"] {
        for entry in entries where Int32(entry) != nil {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let arguments = String(decoding: data, as: UTF8.self).split(separator: "\0").map(String.init)
            guard arguments.count >= 3, arguments[1] == stage, arguments.contains(topology),
                let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
            else { continue }
            found.append((stage, kilobytes))
        }
    }
    return found
}
