import Foundation
import Histogram
import Logging
import OODABus
import OODACore
import ZeroMQ

/// One-way latency between two processes and throughput of Observations through the bus, beside raw libzmq
/// PUB/SUB measured in the same run.
///
/// `ooda-benchmarks bus [ipc|tcp] [back-to-back samples] [100 Hz samples] [throughput count]`. The latency modes
/// take turns in up to ten blocks each (a fresh receiving process per block), merged per mode. Latency runs from
/// the publishing call in this process to the receiving code holding the message in a child process
/// (`ooda-benchmarks bus-receiver`), on the system-wide monotonic clock; each message is sent after the child
/// acked the previous one, so no queueing is measured. The bus path includes JSON encoding and decoding, both
/// I/O threads and, in the `tasks on the pool` rows, the hops to and from async tasks; the raw path sends the
/// same bytes with blocking libzmq calls, and the raw + JSON path encodes and decodes them as the bus does. Two
/// mixed rows, the bus sending to a raw + JSON receiver and back, show which side the bus's own cost is on.
/// Throughput is measured within this process.
func runBusBenchmark(arguments: [String]) async throws {
    let transport = arguments.first ?? "ipc"
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    let backToBack = numbers.first ?? 20_000
    let paced = numbers.dropFirst().first ?? 300
    let volume = numbers.dropFirst(2).first ?? 200_000
    let bench = try BusBenchmark(transport: transport)
    defer { try? FileManager.default.removeItem(atPath: bench.directory) }
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
    BusBenchmark.emit(
        "bus benchmark: an Observation of \(bench.body.count) bytes of JSON over \(transport), between two processes; "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(load); \(HostIdle.describe())"
    )
    BusBenchmark.emit("one-way latency, µs                               p50      p99      max  samples")
    let runs: [(String, Duration?, Int)] = [("back-to-back", nil, backToBack), ("100 Hz", .milliseconds(10), paced)]
    for (label, interval, samples) in runs where samples > 0 {
        // The modes take turns in blocks, so that the machine's slow and quiet spells fall on all of them
        // alike and the ratios compare like with like.
        let blocks = min(10, max(1, samples / 20))
        var histograms: [LatencyMode: Histogram<UInt64>] = [:]
        for block in 0..<blocks {
            for mode in LatencyMode.allCases {
                let share = samples / blocks + (block < samples % blocks ? 1 : 0)
                let latencies = try await bench.latencyToChild(mode: mode, samples: share, interval: interval)
                for latency in latencies {
                    histograms[mode, default: Histogram(highestTrackableValue: 60_000_000_000)].record(latency)
                }
            }
        }
        var results: [LatencyMode: LatencySummary] = [:]
        for mode in LatencyMode.allCases {
            guard let histogram = histograms[mode] else { continue }
            results[mode] = LatencySummary(histogram)
            BusBenchmark.report("\(mode.label), \(label)", LatencySummary(histogram))
        }
        if let bus = results[.bus], let raw = results[.raw], let rawJSON = results[.rawJSON] {
            BusBenchmark.emit("  bus / raw:        \(BusBenchmark.ratios(bus, raw))")
            BusBenchmark.emit("  bus / raw + JSON: \(BusBenchmark.ratios(bus, rawJSON))")
        }
    }
    BusBenchmark.emit("throughput, one way, lossless (\(volume) messages, within one process):")
    let rawRate = try await bench.rawThroughput(count: volume, codec: false)
    BusBenchmark.emit("  raw libzmq         \(Int(rawRate)) messages/s")
    let rawJSONRate = try await bench.rawThroughput(count: volume, codec: true)
    BusBenchmark.emit("  raw libzmq + JSON  \(Int(rawJSONRate)) Observations/s")
    let busRate = try await bench.busThroughput(count: volume)
    BusBenchmark.emit("  ooda bus           \(Int(busRate)) Observations/s")
    let cost = bench.codecCost(count: 20_000)
    BusBenchmark.emit(
        "JSON per Observation, one thread: encode \(BusBenchmark.fixed(cost.encodeCPU / 1000)) µs CPU"
            + " (\(BusBenchmark.fixed(cost.encodeWall / 1000)) µs wall), decode \(BusBenchmark.fixed(cost.decodeCPU / 1000))"
            + " µs CPU (\(BusBenchmark.fixed(cost.decodeWall / 1000)) µs wall): at most \(Int(1e9 / cost.decodeCPU))"
            + " decodes per second per core"
    )
}

/// The fixtures and measurements of ``runBusBenchmark(arguments:)``.
struct BusBenchmark: Sendable {
    let context: ZMQContext
    let transport: String
    /// Where the IPC endpoints are made, removed when the benchmark ends (a killed child leaves its socket file).
    let directory = "/tmp/ooda-bench-\(UUID().uuidString.prefix(8))"
    let envelope: Envelope
    /// The envelope as JSON: what the raw baseline sends, so both carry the same bytes.
    let body: [UInt8]
    let logger = Logger(label: "ooda.benchmark") { _ in SwiftLogNoOpLogHandler() }
    static let topic = MessageKind.observation.topic
    static let probe: StageName = "probe"

    init(transport: String) throws {
        context = try ZMQContext()
        self.transport = transport
        let values: [(String, Double)] = [
            ("cpu_usage", 0.62), ("memory_usage", 0.41), ("disk_io_wait", 0.03), ("network_rx_bytes", 18_234_112),
            ("latency_p99_ms", 48.5), ("omega_score", 0.93), ("psi_index", 0.88), ("beta_antifragile", 1.07),
        ]
        let samples = values.map {
            MetricSample(name: $0.0, value: $0.1, labels: ["service": "checkout"], source: "proc")
        }
        envelope = Envelope(
            source: "bench",
            epoch: 1,
            sequence: 1,
            timeNanos: 0,
            body: .observation(.init(samples: samples))
        )
        body = WireCodec().encodeJSON(envelope)
    }

    func endpoint() -> String {
        guard transport != "tcp" else { return "tcp://127.0.0.1:0" }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return "ipc://\(directory)/\(UUID().uuidString.prefix(8))"
    }

    /// Bus throughput without loss: a no-drop publisher, timed from the first send to the last arrival.
    func busThroughput(count: Int) async throws -> Double {
        let (publisher, subscriber) = try await pair(noDrop: true, highWaterMark: 10_000)
        let (live, signal) = AsyncStream<Void>.makeStream()
        let source = envelope.source
        let receiver = Task { () -> Double in
            var first: Int64 = 0
            var received = 0
            for await case .envelope(let envelope) in subscriber.events {
                guard envelope.source == source else {
                    signal.yield()
                    continue
                }
                if received == 0 { first = envelope.timeNanos }
                received += 1
                if received == count { break }
            }
            return Double(received) / (Double(Self.nowNanos() - first) / 1e9)
        }
        var liveness = live.makeAsyncIterator()
        try await waitUntilLive(publisher) { _ = await liveness.next() }
        var sequencer = EnvelopeSequencer(source: source, epoch: 1)
        for _ in 0..<count { try await publisher.publish(sequencer.stamp(envelope.body, timeNanos: Self.nowNanos())) }
        let rate = await receiver.value
        await subscriber.close()
        await publisher.close()
        return rate
    }

    /// Nanoseconds to encode and to decode the Observation's envelope on this thread, in CPU time (what the work
    /// costs) and in wall time (what it took on this machine under its load).
    func codecCost(count: Int) -> (encodeCPU: Double, encodeWall: Double, decodeCPU: Double, decodeWall: Double) {
        let codec = WireCodec()
        var sink = 0
        let encode = Self.measure(count) { sink &+= codec.encodeJSON(envelope).count }
        let decode = Self.measure(count) { sink &+= (try? codec.decodeJSON(body))?.causes.count ?? 0 }
        precondition(sink > 0)
        return (encode.cpu, encode.wall, decode.cpu, decode.wall)
    }

    /// The CPU and wall nanoseconds per run of `body`, over `count` runs.
    private static func measure(_ count: Int, _ body: () -> Void) -> (cpu: Double, wall: Double) {
        let (cpuStart, wallStart) = (threadCPUNanos(), nowNanos())
        for _ in 0..<count { body() }
        return (Double(threadCPUNanos() - cpuStart) / Double(count), Double(nowNanos() - wallStart) / Double(count))
    }

    private static func threadCPUNanos() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    private func pair(noDrop: Bool, highWaterMark: Int32) async throws -> (ZeroMQPublisher, ZeroMQSubscriber) {
        let publisher = try await ZeroMQPublisher(
            configuration: .init(endpoint: endpoint(), noDrop: noDrop, sendHighWaterMark: highWaterMark),
            context: context,
            logger: logger
        )
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(
                endpoints: [publisher.endpoint],
                kinds: [.observation],
                receiveHighWaterMark: highWaterMark,
                bufferCapacity: 4096
            ),
            context: context,
            logger: logger
        )
        return (publisher, subscriber)
    }

    /// Publishes probes until `arrived` returns, which the receiver makes happen on its first envelope.
    private func waitUntilLive(_ publisher: ZeroMQPublisher, arrived: () async -> Void) async throws {
        let body = envelope.body
        let prober = Task {
            var sequencer = EnvelopeSequencer(source: Self.probe, epoch: 1)
            while !Task.isCancelled {
                try await publisher.publish(sequencer.stamp(body, timeNanos: 0))
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        await arrived()
        prober.cancel()
    }

    static func nowNanos() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    static func report(_ label: String, _ summary: LatencySummary) {
        let columns = [summary.p50, summary.p99, summary.max].map { fixed(Double($0) / 1000).leftPadded(to: 9) }
        BusBenchmark.emit(
            "  \(label.padding(toLength: 44, withPad: " ", startingAt: 0))\(columns.joined())  \(summary.count)"
        )
    }

    static func fixed(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// The p50 and p99 of `measured` over those of `baseline`.
    static func ratios(_ measured: LatencySummary, _ baseline: LatencySummary) -> String {
        let p50 = Double(measured.p50) / Double(max(1, baseline.p50))
        let p99 = Double(measured.p99) / Double(max(1, baseline.p99))
        return "p50 \(fixed(p50))×, p99 \(fixed(p99))×"
    }

    /// Prints a line at once, even through a pipe, so figures show as they are measured.
    static func emit(_ line: String) {
        print(line)
        fflush(nil)
    }

}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
