import Foundation
import Histogram
import OODACore
import ZeroMQ

/// The baseline: raw libzmq PUB/SUB carrying the same bytes as the bus.
extension BusBenchmark {
    /// Raw throughput without loss: XPUB_NODROP with blocking sends, timed from the first send to the last arrival.
    func rawThroughput(count: Int, codec: Bool) async throws -> Double {
        let (context, envelope, endpoint) = (context, envelope, endpoint())
        let (bound, announce) = AsyncStream<String>.makeStream()
        let sender = Self.onThread {
            // A linger, so that what is still in flight when this thread is done is delivered, not dropped.
            let socket = try ZMQSocket(context, type: .extendedPublisher, linger: .seconds(10))
            try socket.set(.xpubNoDrop, true)
            try socket.set(.sendHighWaterMark, 10_000)
            try socket.bind(endpoint)
            announce.yield(try socket.lastEndpoint)
            // The subscription arriving means the subscriber is connected: from then on nothing is lost.
            _ = try socket.receive()
            var framing = RawFraming(envelope: envelope, codec: codec)
            for _ in 0..<count { try socket.send(frames: framing.frames(sentAt: Self.nowNanos())) }
        }
        var endpoints = bound.makeAsyncIterator()
        guard let actual = await endpoints.next() else { throw CancellationError() }
        let receiver = Self.onThread { () throws -> Double in
            let socket = try ZMQSocket(context, type: .subscriber)
            try socket.set(.receiveHighWaterMark, 10_000)
            try socket.set(.subscribe, Self.topic)
            try socket.connect(actual)
            let framing = RawFraming(envelope: envelope, codec: codec)
            var first: Int64 = 0
            for index in 0..<count {
                guard let frames = try socket.receive() else { continue }
                let sent = framing.sentAt(frames)
                if index == 0 { first = sent }
            }
            return Double(count) / (Double(Self.nowNanos() - first) / 1e9)
        }
        try await sender.value
        return try await receiver.value
    }

    /// Runs blocking socket work on its own thread, never on a Swift concurrency thread.
    static func onThread<Value: Sendable>(
        _ body: @escaping @Sendable () throws -> Value
    ) -> Task<Value, any Error> {
        Task {
            try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try body() }) }.start()
            }
        }
    }

    static func sleep(until start: Int64, plus interval: Duration) {
        let (seconds, attoseconds) = interval.components
        let remaining = seconds * 1_000_000_000 + attoseconds / 1_000_000_000 - (nowNanos() - start)
        guard remaining > 0 else { return }
        var request = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
        var left = timespec()
        while nanosleep(&request, &left) == -1 && errno == EINTR { request = left }
    }
}

/// How the raw baseline frames a message: the envelope's JSON encoded once with the send time in 8 bytes before
/// it, or, with the codec, the envelope stamped (send time, next sequence number, as a publisher stamps it) and
/// encoded for every message and decoded on receipt; so a bus subscriber can receive it too.
struct RawFraming {
    private var envelope: Envelope
    private let codec: WireCodec?
    private var payload: [UInt8]

    init(envelope: Envelope, codec: Bool) {
        self.envelope = envelope
        self.codec = codec ? WireCodec() : nil
        self.payload = [UInt8](repeating: 0, count: 8) + WireCodec().encodeJSON(envelope)
    }

    /// The frames of a message sent at `sentAt` (0 for a probe).
    mutating func frames(sentAt: Int64) -> [[UInt8]] {
        guard let codec else {
            payload.withUnsafeMutableBytes { $0.storeBytes(of: sentAt, as: Int64.self) }
            return [BusBenchmark.topic, payload]
        }
        envelope = Envelope(
            source: envelope.source,
            epoch: envelope.epoch,
            sequence: envelope.sequence + 1,
            timeNanos: sentAt,
            body: envelope.body
        )
        return codec.encode(envelope)
    }

    /// When a received message was sent (0 for a probe, or a message that does not decode).
    func sentAt(_ frames: [[UInt8]]) -> Int64 {
        guard let codec else { return frames[1].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) } }
        return (try? codec.decode(frames: frames))?.timeNanos ?? 0
    }
}
