import Foundation
import Histogram
import OODACore
import OODATestSupport

/// Encode and decode cost per envelope of the hand-written ``WireCodec`` beside the Foundation codec it replaced,
/// in the same run: an Observation of 8 samples (the bus benchmark's), an Orientation of 6 fields, a Decision.
///
/// `ooda-benchmarks codec [iterations]`. Each call is timed on its own (p50, p99 in ns) and the loop as a whole
/// (mean); the first tenth of the iterations warm up and are not recorded.
///
/// The `cold` rows time calls made after 64 MiB of other data went through the caches, as a stage's first call
/// after 100 ms asleep meets them: there the cost is mostly the code and data the call touches, not the
/// instructions it runs (at 10 Hz, stages measured 10 to 15 times the hot cost).
func runCodecBenchmark(arguments: [String] = []) throws {
    let iterations = arguments.first.flatMap(Int.init) ?? 200_000
    let codec = WireCodec()
    let foundation = FoundationWireCodec()
    print(
        "codec benchmark: \(iterations) calls per row, ns per call; \(ProcessInfo.processInfo.activeProcessorCount) cores"
    )
    print("                                               p50      p99     mean")
    for (name, envelope) in CodecBenchmarkEnvelopes.all {
        let bytes = codec.encodeJSON(envelope)
        precondition(bytes == foundation.encodeJSON(envelope), "the codecs disagree on \(name)")
        print("\(name), \(bytes.count) bytes:")
        report("encode, WireCodec", measure(iterations) { _ = codec.encodeJSON(envelope) })
        report("encode, Foundation", measure(iterations / 10) { _ = foundation.encodeJSON(envelope) })
        report("decode, WireCodec", measure(iterations) { _ = try? codec.decodeJSON(bytes) })
        report("decode, Foundation", measure(iterations / 10) { _ = try? foundation.decodeJSON(bytes) })
        report("encode, WireCodec, cold", measureCold(iterations / 100) { _ = codec.encodeJSON(envelope) })
        report("decode, WireCodec, cold", measureCold(iterations / 100) { _ = try? codec.decodeJSON(bytes) })
    }
}

/// Each call timed after the caches were filled with other data (64 MiB, twice the last-level cache here).
private func measureCold(_ iterations: Int, _ body: () -> Void) -> Measurement {
    var measurement = Measurement()
    let clock = ContinuousClock()
    var total: Duration = .zero
    var evictor = [UInt64](repeating: 1, count: 8 << 20)
    var sink: UInt64 = 0
    for _ in 0..<iterations {
        evictor.withUnsafeMutableBufferPointer { words in
            for index in stride(from: 0, to: words.count, by: 8) {
                words[index] &+= 1
                sink &+= words[index]
            }
        }
        let start = clock.now
        body()
        let elapsed = clock.now - start
        total += elapsed
        _ = measurement.histogram.record(UInt64(nanoseconds(elapsed)))
    }
    precondition(sink != 0)
    measurement.meanNanos = Double(nanoseconds(total)) / Double(max(1, iterations))
    return measurement
}

private struct Measurement {
    var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    var meanNanos = 0.0
}

private func measure(_ iterations: Int, _ body: () -> Void) -> Measurement {
    var measurement = Measurement()
    for _ in 0..<(iterations / 10) { body() }
    let clock = ContinuousClock()
    let loopStart = clock.now
    for _ in 0..<iterations {
        let start = clock.now
        body()
        _ = measurement.histogram.record(UInt64(nanoseconds(clock.now - start)))
    }
    measurement.meanNanos = Double(nanoseconds(clock.now - loopStart)) / Double(iterations)
    return measurement
}

private func report(_ name: String, _ measurement: Measurement) {
    let columns = [
        measurement.histogram.valueAtPercentile(50), measurement.histogram.valueAtPercentile(99),
        UInt64(measurement.meanNanos),
    ].map { String($0).leftPadded(to: 9) }
    print("  \(name.padding(toLength: 38, withPad: " ", startingAt: 0))\(columns.joined())")
}

private func nanoseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}

/// The envelopes the codec benchmark measures, shaped like the loop's real traffic.
private enum CodecBenchmarkEnvelopes {
    static let all: [(String, Envelope)] = [
        ("Observation, 8 samples", observation), ("Orientation, 6 fields", orientation), ("Decision", decision),
    ]

    static let observation: Envelope = {
        let values: [(String, Double)] = [
            ("cpu_usage", 0.62), ("memory_usage", 0.41), ("disk_io_wait", 0.03), ("network_rx_bytes", 18_234_112),
            ("latency_p99_ms", 48.5), ("omega_score", 0.93), ("psi_index", 0.88), ("beta_antifragile", 1.07),
        ]
        let samples = values.map {
            MetricSample(name: $0.0, value: $0.1, labels: ["service": "checkout"], source: "proc")
        }
        return Envelope(
            source: .observe,
            epoch: 1_732_412_345_678_901,
            sequence: 42,
            timeNanos: 1_732_412_400_000_000_000,
            body: .observation(Observation(samples: samples))
        )
    }()

    static let orientation: Envelope = {
        // Values as a filter leaves them: 17 significant digits, as doubles from arithmetic have.
        var random = 0.123_456_789_012_345_67
        func next() -> Double {
            random = (random * 7.777_777_777_777_777).truncatingRemainder(dividingBy: 1)
            return random
        }
        let fields = MetricName.defaultStateFields
        return Envelope(
            source: .orient,
            epoch: 1_732_412_345_678_902,
            sequence: 42,
            timeNanos: 1_732_412_400_000_000_000,
            causes: [observation.id],
            body: .orientation(
                Orientation(
                    fields: fields,
                    level: fields.map { _ in next() },
                    trend: fields.map { _ in next() - 0.5 },
                    variance: fields.map { _ in next() / 100 },
                    innovation: fields.map { _ in next() - 0.5 },
                    nis: 5.3,
                    scores: [.scaleUp: 0.2, .scaleDown: 0.05, .retune: 0.1, .rollback: 0.0, .noop: 0.65],
                    recommended: .noop,
                    confidence: 0.65,
                    reasoning: ["cpu 0.61 is within its band", "latency steady"],
                    filter: FilterSnapshot(
                        state: (0..<12).map { _ in next() },
                        covariance: (0..<144).map { _ in next() / 10 },
                        measurementNoise: fields.map { _ in next() / 100 },
                        adaptive: [0.3],
                        steps: 42,
                        lastTimeNanos: 1_732_412_400_000_000_000
                    )
                )
            )
        )
    }()

    /// The decision of the shared samples (a guard rail, target replicas and engine clocks filled in).
    static let decision = MessageSamples.decision
}
