import Foundation
import Histogram
import Logging
import OODABus
import OODACore
import OODAEventLog
import ZeroMQ

/// `ooda-benchmarks hops [rate-hz] [samples] [hops]`: the floor under the loop's latency on this machine.
///
/// An observation reaches decide's publication over two hops between processes (observe → orient → decide).
/// This sends the bus benchmark's Observation over `hops` hops (default 2) through `hops - 1` relay processes
/// (`ooda-benchmarks hop-relay`) and back to this one, one message in flight at a time at `rate-hz`, timed from
/// the send in this process to its return here. Each relay is first a SUB socket forwarding on a PUB socket with
/// blocking raw libzmq calls and nothing else of ooda; then it also does what a stage must between its sockets:
/// decode and encode the envelope (`+ JSON`), and append it to an event log with group commit before forwarding
/// (`+ JSON + log`); last, it is built as a stage is (`ooda bus + log, as a stage`): a ``ZeroMQPublisher``
/// hosting its subscriber, the handler on the publisher's I/O thread encoding, appending and publishing as
/// ``StageHost`` does. The modes take turns in blocks, as the bus benchmark's do, so the machine's quiet and
/// busy spells fall on all of them alike.
///
/// Compare with `ooda-benchmarks loop` at the same rate (its `observation → decision published` row includes
/// observe's own cycle, and each stage's work besides).
func runHopsBenchmark(arguments: [String]) async throws {
    let rate = arguments.first.flatMap(Double.init) ?? 10
    let samples = arguments.dropFirst().first.flatMap(Int.init) ?? 1000
    let hops = arguments.dropFirst(2).first.flatMap(Int.init) ?? 2
    guard rate > 0, rate <= 100_000, samples > 0, hops >= 2 else {
        throw ReceiverError("usage: ooda-benchmarks hops [rate-hz, 0 < r ≤ 100000] [samples > 0] [hops ≥ 2]")
    }
    let bench = try BusBenchmark(transport: "ipc")
    defer { try? FileManager.default.removeItem(atPath: bench.directory) }
    print(
        "hops benchmark: \(samples) Observations (\(bench.body.count) bytes) at \(rate) Hz over \(hops) hops (\(hops - 1) relay "
            + "process\(hops == 2 ? "" : "es")) over ipc, one in flight; \(ProcessInfo.processInfo.activeProcessorCount) cores"
    )
    print("  \(HostIdle.describe())")
    print("send → back through the relays, µs            p50      p99      max  samples")
    let interval = Duration.nanoseconds(Int64(1e9 / rate))
    let blocks = min(10, max(1, samples / 50))
    var histograms: [RelayWork: Histogram<UInt64>] = [:]
    for block in 0..<blocks {
        for work in RelayWork.allCases {
            let share = samples / blocks + (block < samples % blocks ? 1 : 0)
            let chain = try RelayChain(bench: bench, relays: hops - 1, work: work)
            let latencies = try await chain.measure(samples: share, interval: interval)
            for latency in latencies {
                histograms[work, default: Histogram(highestTrackableValue: 60_000_000_000)].record(latency)
            }
        }
    }
    for work in RelayWork.allCases {
        guard let histogram = histograms[work] else { continue }
        BusBenchmark.report(work.label, LatencySummary(histogram))
    }
}

/// What each relay does between receiving and forwarding.
enum RelayWork: String, CaseIterable, Sendable {
    /// Forwards the frames as they came.
    case none
    /// Decodes the envelope and forwards it encoded again.
    case json
    /// Decodes, encodes, and appends the JSON to an event log (group commit, 5 ms) before forwarding.
    case log
    /// As `log`, through the bus as a stage uses it.
    case bus

    var label: String {
        switch self {
        case .none: "raw libzmq"
        case .json: "raw libzmq + JSON"
        case .log: "raw libzmq + JSON + log"
        case .bus: "ooda bus + log, as a stage"
        }
    }
}

/// The relay processes of one run, and the sockets at either end in this process.
struct RelayChain {
    let bench: BusBenchmark
    let work: RelayWork
    private let endpoints: [String]
    private let relays: [Process]

    init(bench: BusBenchmark, relays count: Int, work: RelayWork) throws {
        self.bench = bench
        self.work = work
        let endpoints = (0...count).map { _ in bench.endpoint() }
        self.endpoints = endpoints
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let directory = bench.directory
        relays = try (0..<count).map { index in
            let process = Process()
            process.executableURL = executable
            process.arguments = [
                "hop-relay", work.rawValue, endpoints[index], endpoints[index + 1], "\(directory)/log-\(index)",
            ]
            try process.run()
            return process
        }
    }

    /// Sends `samples` messages, one at a time at `interval`, and returns each one's round trip in nanoseconds.
    func measure(samples: Int, interval: Duration) async throws -> [UInt64] {
        defer {
            // SIGKILL: a relay blocked in libzmq's receive does not always act on SIGTERM.
            for relay in relays where relay.isRunning { kill(relay.processIdentifier, SIGKILL) }
            for relay in relays { relay.waitUntilExit() }
        }
        let (context, envelope, endpoints, work) = (bench.context, bench.envelope, endpoints, work)
        return try await BusBenchmark.onThread { () throws -> [UInt64] in
            let sender = try ZMQSocket(context, type: .publisher)
            try sender.bind(endpoints[0])
            let receiver = try ZMQSocket(context, type: .subscriber)
            try receiver.set(.subscribe, BusBenchmark.topic)
            try receiver.set(.receiveTimeout, .milliseconds(10))
            try receiver.connect(endpoints[endpoints.count - 1])
            var framing = RawFraming(envelope: envelope, codec: work != .none)
            // Slow joiners: probes until one comes back through every relay, then whatever probes trail it.
            var probes = 0
            repeat {
                probes += 1
                guard probes < 3000 else { throw ReceiverError("no probe came back through the relays in 30 s") }
                try sender.send(frames: framing.frames(sentAt: 0))
            } while try receiver.receive() == nil
            while try receiver.receive() != nil {}
            try receiver.set(.receiveTimeout, .seconds(5))
            var latencies: [UInt64] = []
            latencies.reserveCapacity(samples)
            while latencies.count < samples {
                let start = BusBenchmark.nowNanos()
                try sender.send(frames: framing.frames(sentAt: start))
                guard let frames = try receiver.receive() else {
                    throw ReceiverError("a message did not come back through the relays within 5 s")
                }
                let now = BusBenchmark.nowNanos()
                guard framing.sentAt(frames) == start else { throw ReceiverError("a message came back altered") }
                latencies.append(UInt64(now - start))
                BusBenchmark.sleep(until: start, plus: interval)
            }
            return latencies
        }.value
    }
}

/// One relay, run as `ooda-benchmarks hop-relay WORK IN OUT LOG-DIRECTORY` until terminated.
func runHopRelay(arguments: [String]) async throws {
    guard arguments.count == 4, let work = RelayWork(rawValue: arguments[0]) else {
        throw ReceiverError("usage: ooda-benchmarks hop-relay none|json|log|bus IN-ENDPOINT OUT-ENDPOINT LOG-DIRECTORY")
    }
    if work == .bus { return try await runBusRelay(from: arguments[1], to: arguments[2], log: arguments[3]) }
    let context = try ZMQContext()
    let publisher = try ZMQSocket(context, type: .publisher)
    try publisher.bind(arguments[2])
    let subscriber = try ZMQSocket(context, type: .subscriber)
    try subscriber.set(.subscribe, [])
    try subscriber.connect(arguments[1])
    // Woken every second to see whether the benchmark is still there: a relay outlives no benchmark.
    try subscriber.set(.receiveTimeout, .seconds(1))
    let parent = getppid()
    let codec = WireCodec()
    let log = work == .log ? try relayLog(arguments[3]) : nil
    while true {
        guard var frames = try subscriber.receive() else {
            if getppid() != parent { return }
            continue
        }
        if work != .none {
            let envelope = try codec.decode(frames: frames)
            frames = codec.encode(envelope)
            try log?.append(encodedJSON: frames[1])
        }
        try publisher.send(frames: frames)
    }
}

/// The relay's event log: group commit within 5 ms, as the loop's topology has it.
private func relayLog(_ directory: String) throws -> EventLogWriter {
    try EventLogWriter(
        directory: directory,
        configuration: EventLogConfiguration(durability: .group()),
        logger: relayLogger
    )
}

/// A relay logs nothing: its output would only slow it.
private let relayLogger = Logger(label: "ooda.bench") { _ in SwiftLogNoOpLogHandler() }

/// A relay built as a stage is: the subscriber hosted on the publisher's I/O thread, and each envelope encoded,
/// appended (write-ahead) and published there, until terminated.
private func runBusRelay(from input: String, to output: String, log directory: String) async throws {
    let logger = relayLogger
    let log = try relayLog(directory)
    let publisher = try await ZeroMQPublisher(
        configuration: .init(endpoint: output),
        context: try ZMQContext(),
        logger: logger
    )
    let subscriber = try await publisher.subscribe(
        .init(endpoints: [input], kinds: [.observation]),
        logger: logger
    )
    // A relay outlives no benchmark.
    let parent = getppid()
    Thread {
        while getppid() == parent { sleep(1) }
        exit(0)
    }.start()
    try await withTaskExecutorPreference(subscriber.executor) {
        for await event in subscriber.events {
            guard let envelope = event.envelope else { continue }
            let json = WireCodec().encodeJSON(envelope)
            try await log.append(encodedJSON: json) { _ in
                try await publisher.publish(envelope, encodedJSON: json)
            }
        }
    }
}
