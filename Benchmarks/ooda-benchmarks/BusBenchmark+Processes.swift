import Foundation
import Histogram
import Logging
import OODABus
import OODACore
import ZeroMQ

/// How a latency run carries its messages between the two processes.
enum LatencyMode: String, CaseIterable, Sendable {
    /// Raw libzmq PUB/SUB with blocking calls, the envelope's bytes sent as they are.
    case raw
    /// Raw libzmq, each message encoded and decoded as the bus does.
    case rawJSON = "raw+json"
    /// The bus, its publishing and receiving tasks on the global concurrent executor.
    case busPool = "bus-pool"
    /// The bus, its tasks on the sockets' I/O threads, as the stages run.
    case bus

    var label: String {
        switch self {
        case .raw: "raw libzmq"
        case .rawJSON: "raw libzmq + JSON"
        case .busPool: "ooda bus, tasks on the pool"
        case .bus: "ooda bus"
        }
    }
}

/// One-way latency between two processes: this one publishes, a child `ooda-benchmarks bus-receiver` receives,
/// measures on the system-wide monotonic clock, and acks each message over a PUSH socket so that the next is sent
/// only after it arrived. The child prints its histogram as one line when done.
extension BusBenchmark {
    func latencyToChild(mode: LatencyMode, samples: Int, interval: Duration?) async throws -> LatencySummary {
        let acks = try AckReceiver(context: context, endpoint: endpoint())
        defer { acks.stop() }
        switch mode {
        case .raw, .rawJSON:
            let (context, envelope, endpoint) = (context, envelope, endpoint())
            let (bound, announce) = AsyncStream<String>.makeStream()
            let sender = Self.onThread {
                let socket = try ZMQSocket(context, type: .publisher)
                try socket.bind(endpoint)
                announce.yield(try socket.lastEndpoint)
                var framing = RawFraming(envelope: envelope, codec: mode == .rawJSON)
                // Slow joiner: probes (send time 0) until the child's subscription is live and it acks one.
                repeat {
                    try socket.send(frames: framing.frames(sentAt: 0))
                } while acks.waitBlocking(.milliseconds(10)) == nil
                for sample in 0..<samples {
                    let start = Self.nowNanos()
                    try socket.send(frames: framing.frames(sentAt: start))
                    // Acks of probes still in flight come first; wait for this message's, but not forever.
                    var measured = false
                    while !measured {
                        guard let ack = acks.waitBlocking(.seconds(30)) else {
                            throw ReceiverError("sample \(sample) of \(mode.label) was not acknowledged within 30 s")
                        }
                        measured = ack
                    }
                    if let interval { Self.sleep(until: start, plus: interval) }
                }
            }
            var endpoints = bound.makeAsyncIterator()
            guard let actual = await endpoints.next() else { throw CancellationError() }
            let child = try ReceiverProcess(mode: mode, data: actual, acks: acks.endpoint, samples: samples)
            try await sender.value
            return try await child.summary()
        case .busPool, .bus:
            let publisher = try await ZeroMQPublisher(
                configuration: .init(endpoint: endpoint()),
                context: context,
                logger: logger
            )
            let child = try ReceiverProcess(mode: mode, data: publisher.endpoint, acks: acks.endpoint, samples: samples)
            let (body, source) = (envelope.body, envelope.source)
            try await withTaskExecutorPreference(mode == .bus ? publisher.executor : nil) {
                var arrivals = acks.acks.makeAsyncIterator()
                // Slow joiner: probes until the child's subscription is live and it acks one.
                let prober = Task {
                    var probes = EnvelopeSequencer(source: Self.probe, epoch: 1)
                    while !Task.isCancelled {
                        try await publisher.publish(probes.stamp(body, timeNanos: 0))
                        try await Task.sleep(for: .milliseconds(10))
                    }
                }
                _ = await arrivals.next()
                prober.cancel()
                var sequencer = EnvelopeSequencer(source: source, epoch: 1)
                for _ in 0..<samples {
                    let start = Self.nowNanos()
                    try await publisher.publish(sequencer.stamp(body, timeNanos: start))
                    // Acks of probes still in flight come first; wait for this message's.
                    while let measured = await arrivals.next(), !measured {}
                    if let interval { try await Task.sleep(for: interval - .nanoseconds(Self.nowNanos() - start)) }
                }
            }
            let summary = try await child.summary()
            await publisher.close()
            return summary
        }
    }
}

/// The receiving side, run as `ooda-benchmarks bus-receiver MODE DATA-ENDPOINT ACK-ENDPOINT SAMPLES`.
func runBusReceiver(arguments: [String]) async throws {
    guard arguments.count == 4, let mode = LatencyMode(rawValue: arguments[0]), let samples = Int(arguments[3]) else {
        throw ReceiverError("usage: ooda-benchmarks bus-receiver MODE DATA-ENDPOINT ACK-ENDPOINT SAMPLES")
    }
    let (data, ackEndpoint) = (arguments[1], arguments[2])
    let bench = try BusBenchmark(transport: "ipc")
    let acks = try AckSender(context: bench.context, endpoint: ackEndpoint)
    defer { acks.stop() }
    var histogram: Histogram<UInt64>
    switch mode {
    case .raw, .rawJSON:
        let (context, envelope) = (bench.context, bench.envelope)
        histogram = try await BusBenchmark.onThread { () throws -> Histogram<UInt64> in
            let socket = try ZMQSocket(context, type: .subscriber)
            try socket.set(.subscribe, BusBenchmark.topic)
            try socket.connect(data)
            let framing = RawFraming(envelope: envelope, codec: mode == .rawJSON)
            var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
            while histogram.totalCount < UInt64(samples) {
                guard let frames = try socket.receive() else { continue }
                let sent = framing.sentAt(frames)
                let now = BusBenchmark.nowNanos()
                if sent != 0 { histogram.record(UInt64(max(0, now - sent))) }
                acks.send(measured: sent != 0)
            }
            return histogram
        }.value
    case .busPool, .bus:
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [data], kinds: [.observation]),
            context: bench.context,
            logger: bench.logger
        )
        let source = bench.envelope.source
        histogram = await Task(executorPreference: mode == .bus ? subscriber.executor : nil) {
            var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
            for await case .envelope(let envelope) in subscriber.events {
                let now = BusBenchmark.nowNanos()
                let measured = envelope.source == source
                if measured { histogram.record(UInt64(max(0, now - envelope.timeNanos))) }
                acks.send(measured: measured)
                if histogram.totalCount == UInt64(samples) { break }
            }
            return histogram
        }.value
        await subscriber.close()
    }
    print(LatencySummary(histogram).line)
}

/// p50, p99 and max in nanoseconds, and the count: what the child reports.
struct LatencySummary: Sendable {
    var p50: UInt64
    var p99: UInt64
    var max: UInt64
    var count: UInt64

    init(_ histogram: Histogram<UInt64>) {
        p50 = histogram.valueAtPercentile(50)
        p99 = histogram.valueAtPercentile(99)
        max = histogram.max
        count = histogram.totalCount
    }

    init?(line: String) {
        let fields = line.split(separator: " ").compactMap { UInt64($0) }
        guard line.hasPrefix("latency "), fields.count == 4 else { return nil }
        (p50, p99, max, count) = (fields[0], fields[1], fields[2], fields[3])
    }

    var line: String { "latency \(p50) \(p99) \(max) \(count)" }
}

struct ReceiverError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The child process that receives, started from this executable.
final class ReceiverProcess: Sendable {
    private let process: Process
    private let output: Pipe

    init(mode: LatencyMode, data: String, acks: String, samples: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["bus-receiver", mode.rawValue, data, acks, String(samples)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        self.process = process
        self.output = output
    }

    /// The child's summary, once it has received every sample and exited.
    func summary() async throws -> LatencySummary {
        let output = self.output
        let text = try await BusBenchmark.onThread {
            String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }.value
        guard let summary = text.split(separator: "\n").lazy.compactMap({ LatencySummary(line: String($0)) }).first
        else { throw ReceiverError("the receiving process printed no figures: \(text)") }
        return summary
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
