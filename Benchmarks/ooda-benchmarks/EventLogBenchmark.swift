import Foundation
import Logging
import OODACore
import OODAEventLog

/// Append throughput of the event log for each durability, with 300-byte records, into a temporary directory.
///
/// Prints records per second and MB/s; the target is at least 200,000 records/s with group commit.
enum EventLogBenchmark {
    static func run(arguments: [String]) throws {
        let records = arguments.first.flatMap(Int.init) ?? 200_000
        let payload = payloadOf(bytes: 300)
        print("event log append: \(records) records of \(payload.count + 200)-ish bytes (payload \(payload.count) B)")
        for (name, durability, count) in [
            ("group", Durability.group(), records), ("never", Durability.never, records),
            ("always", Durability.always, max(1, records / 100)),
        ] {
            let directory = NSTemporaryDirectory() + "ooda-bench-\(getpid())-\(name)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let writer = try EventLogWriter(
                directory: directory,
                configuration: EventLogConfiguration(durability: durability),
                logger: Logger(label: "ooda.bench", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            let start = ContinuousClock.now
            for _ in 0..<count { try writer.append(encodedJSON: payload) }
            try writer.close()
            let seconds = seconds(ContinuousClock.now - start)
            let rate = Double(count) / seconds
            let megabytes = Double(count * (payload.count + 200)) / seconds / 1e6
            print(
                "  \(name.padding(toLength: 7, withPad: " ", startingAt: 0)) \(count) records in "
                    + "\(String(format: "%.3f", seconds)) s: \(Int(rate)) records/s, \(String(format: "%.1f", megabytes)) MB/s"
            )
        }
        let codec = WireCodec()
        let directory = NSTemporaryDirectory() + "ooda-bench-\(getpid())-encode"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try EventLogWriter(directory: directory, logger: Logger(label: "ooda.bench"))
        var sequencer = EnvelopeSequencer(source: .observe, epoch: 1)
        let count = records / 4
        let start = ContinuousClock.now
        for number in 0..<count {
            let envelope = sequencer.stamp(.heartbeat(Heartbeat(messagesIn: UInt64(number))), timeNanos: Int64(number))
            try writer.append(encodedJSON: codec.encodeJSON(envelope))
        }
        try writer.close()
        let rate = Double(count) / seconds(ContinuousClock.now - start)
        print("  group, encoding each envelope too: \(Int(rate)) records/s")
    }

    /// An observation envelope's JSON padded to about `bytes` bytes.
    private static func payloadOf(bytes: Int) -> [UInt8] {
        var samples = [MetricSample(name: "cpu_usage", value: 0.42, source: "proc")]
        var envelope: [UInt8] = []
        while true {
            let body = MessageBody.observation(Observation(samples: samples))
            envelope = WireCodec().encodeJSON(
                Envelope(source: .observe, epoch: 1, sequence: 1, timeNanos: 1, body: body)
            )
            if envelope.count >= bytes { return envelope }
            samples.append(MetricSample(name: "m\(samples.count)", value: Double(samples.count), source: "proc"))
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
