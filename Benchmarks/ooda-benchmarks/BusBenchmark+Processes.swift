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
    /// The bus publishing (as `bus`) to a raw + JSON receiver: the bus's cost on the sending side alone.
    case busToRaw = "bus>raw"
    /// A raw + JSON sender to the bus subscribing (as `bus`): the bus's cost on the receiving side alone.
    case rawToBus = "raw>bus"
    /// The bus as `bus`, with CURVE and the subscriber's key checked, as a topology with `curve.keys` runs it.
    case busCurve = "bus-curve"

    /// Whether this process sends with raw libzmq (else through the bus).
    var sendsRaw: Bool { self == .raw || self == .rawJSON || self == .rawToBus }
    /// Whether the child receives with raw libzmq (else through the bus).
    var receivesRaw: Bool { self == .raw || self == .rawJSON || self == .busToRaw }

    var label: String {
        switch self {
        case .raw: "raw libzmq"
        case .rawJSON: "raw libzmq + JSON"
        case .busPool: "ooda bus, tasks on the pool"
        case .bus: "ooda bus"
        case .busToRaw: "ooda bus → raw + JSON"
        case .rawToBus: "raw + JSON → ooda bus"
        case .busCurve: "ooda bus with CURVE"
        }
    }
}

/// One-way latency between two processes: this one publishes, a child `ooda-benchmarks bus-receiver` receives,
/// measures on the system-wide monotonic clock, and acks each message over a PUSH socket so that the next is sent
/// only after it arrived. The child prints its latencies as one line when done.
extension BusBenchmark {
    func latencyToChild(mode: LatencyMode, samples: Int, interval: Duration?) async throws -> [UInt64] {
        let acks = try AckReceiver(context: context, endpoint: endpoint())
        defer { acks.stop() }
        if mode.sendsRaw {
            let (context, envelope, endpoint) = (context, envelope, endpoint())
            let (bound, announce) = AsyncStream<String>.makeStream()
            let sender = Self.onThread {
                let socket = try ZMQSocket(context, type: .publisher)
                try socket.bind(endpoint)
                announce.yield(try socket.lastEndpoint)
                var framing = RawFraming(envelope: envelope, codec: mode != .raw)
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
            return try await child.latencies()
        } else {
            let curve = mode == .busCurve ? try BenchmarkCurve() : nil
            let publisher = try await ZeroMQPublisher(
                configuration: .init(
                    endpoint: endpoint(),
                    curveServerKeys: curve?.server,
                    curveAuthorizedClients: curve.map { [$0.client.publicKey] }
                ),
                // An authenticating publisher answers its context's ZAP requests: a context of its own.
                context: curve == nil ? context : try ZMQContext(),
                logger: logger
            )
            let child = try ReceiverProcess(
                mode: mode,
                data: publisher.endpoint,
                acks: acks.endpoint,
                samples: samples,
                curve: curve
            )
            let (body, source) = (envelope.body, envelope.source)
            try await withTaskExecutorPreference(mode != .busPool ? publisher.executor : nil) {
                var arrivals = acks.acks.makeAsyncIterator()
                // Slow joiner: probes until the child's subscription is live and it acks one.
                let prober = Task {
                    var probes = EnvelopeSequencer(source: Self.probe, epoch: 1)
                    while !Task.isCancelled {
                        try await publisher.publish(probes.stamp(body, timeNanos: 0))
                        try await Task.sleep(for: .milliseconds(10))
                    }
                }
                let live = await arrivals.next()
                prober.cancel()
                guard live != nil else { throw ReceiverError("the receiving process never acknowledged a probe") }
                var sequencer = EnvelopeSequencer(source: source, epoch: 1)
                for sample in 0..<samples {
                    let start = Self.nowNanos()
                    try await publisher.publish(sequencer.stamp(body, timeNanos: start))
                    // Acks of probes still in flight come first; wait for this message's. The acks end after
                    // 30 s of silence.
                    var measured = false
                    while !measured {
                        guard let ack = await arrivals.next() else {
                            throw ReceiverError("sample \(sample) of \(mode.label) was not acknowledged within 30 s")
                        }
                        measured = ack
                    }
                    if let interval { try await Task.sleep(for: interval - .nanoseconds(Self.nowNanos() - start)) }
                }
            }
            let latencies = try await child.latencies()
            await publisher.close()
            return latencies
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
    var latencies: [UInt64]
    if mode.receivesRaw {
        let (context, envelope) = (bench.context, bench.envelope)
        latencies = try await BusBenchmark.onThread { () throws -> [UInt64] in
            let socket = try ZMQSocket(context, type: .subscriber)
            try socket.set(.subscribe, BusBenchmark.topic)
            try socket.connect(data)
            let framing = RawFraming(envelope: envelope, codec: mode != .raw)
            var latencies: [UInt64] = []
            latencies.reserveCapacity(samples)
            while latencies.count < samples {
                guard let frames = try socket.receive() else { continue }
                let sent = framing.sentAt(frames)
                let now = BusBenchmark.nowNanos()
                if sent != 0 { latencies.append(UInt64(max(0, now - sent))) }
                acks.send(measured: sent != 0)
            }
            return latencies
        }.value
    } else {
        var configuration = ZeroMQSubscriber.Configuration(endpoints: [data], kinds: [.observation])
        if mode == .busCurve {
            let curve = try BenchmarkCurve(environment: ProcessInfo.processInfo.environment)
            configuration.curveServerPublicKey = curve.server.publicKey
            configuration.curveClientKeys = curve.client
        }
        let subscriber = try await ZeroMQSubscriber(
            configuration: configuration,
            context: bench.context,
            logger: bench.logger
        )
        let source = bench.envelope.source
        latencies = await Task(executorPreference: mode != .busPool ? subscriber.executor : nil) {
            var latencies: [UInt64] = []
            latencies.reserveCapacity(samples)
            for await case .envelope(let envelope) in subscriber.events {
                let now = BusBenchmark.nowNanos()
                let measured = envelope.source == source && envelope.timeNanos != 0
                if measured { latencies.append(UInt64(max(0, now - envelope.timeNanos))) }
                acks.send(measured: measured)
                if latencies.count == samples { break }
            }
            return latencies
        }.value
        await subscriber.close()
    }
    // Every latency, in nanoseconds, on one line: the parent merges the blocks of each mode.
    print("latencies " + latencies.map(String.init).joined(separator: " "))
}

/// p50, p99 and max in nanoseconds, and the count.
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

}

struct ReceiverError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The child process that receives, started from this executable.
final class ReceiverProcess: Sendable {
    private let process: Process
    private let output: Pipe

    init(mode: LatencyMode, data: String, acks: String, samples: Int, curve: BenchmarkCurve? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["bus-receiver", mode.rawValue, data, acks, String(samples)]
        if let curve { process.environment = ProcessInfo.processInfo.environment.merging(curve.environment) { $1 } }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        self.process = process
        self.output = output
    }

    /// The child's latencies in nanoseconds, once it has received every sample and exited.
    func latencies() async throws -> [UInt64] {
        let output = self.output
        let text = try await BusBenchmark.onThread {
            String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }.value
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("latencies") }) else {
            throw ReceiverError("the receiving process printed no figures: \(text.prefix(500))")
        }
        return line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// Throwaway CURVE keys for the `ooda bus with CURVE` rows: the publisher's pair and the one subscriber's,
/// handed to the receiving process in its environment.
struct BenchmarkCurve: Sendable {
    let server: ZMQCurveKeyPair
    let client: ZMQCurveKeyPair

    init() throws {
        server = try .generate()
        client = try .generate()
    }

    init(environment: [String: String]) throws {
        guard let serverPublic = environment["OODA_BENCH_SERVER_PUBLIC"],
            let clientPublic = environment["OODA_BENCH_CLIENT_PUBLIC"],
            let clientSecret = environment["OODA_BENCH_CLIENT_SECRET"]
        else { throw ReceiverError("the CURVE receiver was started without its keys") }
        server = ZMQCurveKeyPair(publicKey: serverPublic, secretKey: "")
        client = ZMQCurveKeyPair(publicKey: clientPublic, secretKey: clientSecret)
    }

    var environment: [String: String] {
        [
            "OODA_BENCH_SERVER_PUBLIC": server.publicKey, "OODA_BENCH_CLIENT_PUBLIC": client.publicKey,
            "OODA_BENCH_CLIENT_SECRET": client.secretKey,
        ]
    }
}
