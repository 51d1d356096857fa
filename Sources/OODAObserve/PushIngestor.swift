import OODACore
import Synchronization

/// The inbox of samples a service pushes, over HTTP `POST /push` or a ZeroMQ PULL socket.
///
/// Every transport hands the raw JSON body to ``ingest(json:source:)``, so validation is the same whatever
/// the path. Accepted samples wait for the next cycle, which drains them into its ``Observation``; when a series
/// is pushed twice before a cycle, the later value wins.
public final class PushIngestor: MetricSource {
    private struct Inbox {
        var order: [String] = []
        var latest: [String: MetricSample] = [:]
        var accepted = 0
        var refused = 0
    }

    public let name: String
    /// Takes what was pushed, from memory.
    public var waitsOnIO: Bool { false }
    /// The most distinct series that may wait for a cycle; a push beyond it is refused.
    public let capacity: Int
    private let inbox = Mutex(Inbox())

    /// Creates an empty inbox.
    ///
    /// - Parameters:
    ///   - name: The source's name in health reports.
    ///   - capacity: The most distinct series that may wait for a cycle.
    public init(name: String = "push", capacity: Int = 100_000) {
        self.name = name
        self.capacity = capacity
    }

    /// Validates a JSON push and, when every sample is valid, queues them for the next cycle.
    ///
    /// - Parameters:
    ///   - json: The body, as documented in the README's "Pushing metrics".
    ///   - source: The samples' `source`, naming the transport: `push:http`, `push:zmq`.
    /// - Returns: How many samples were accepted.
    /// - Throws: ``PushRefusal`` with the reason; nothing is queued then.
    @discardableResult
    public func ingest(json: some Collection<UInt8>, source: String = "push") throws(PushRefusal) -> Int {
        let samples: [MetricSample]
        do {
            samples = try PushPayload.samples(from: json, source: source)
        } catch {
            inbox.withLock { $0.refused += 1 }
            throw error
        }
        return try ingest(samples)
    }

    /// Queues samples already in memory, after the same validation as a JSON push.
    ///
    /// - Parameter samples: The samples.
    /// - Returns: How many samples were accepted.
    /// - Throws: ``PushRefusal`` when a sample is invalid or the inbox is full; nothing is queued then.
    @discardableResult
    public func ingest(_ samples: [MetricSample]) throws(PushRefusal) -> Int {
        let refused = PushValidation.refusals(of: samples)
        let result: Result<Int, PushRefusal> = inbox.withLock { inbox in
            guard refused.isEmpty else {
                inbox.refused += 1
                return .failure(
                    PushRefusal(
                        code: .invalidSample,
                        message: "\(refused.count) of \(samples.count) samples refused; nothing was ingested",
                        refused: refused
                    )
                )
            }
            let keys = samples.map(Self.key)
            let fresh = Set(keys).subtracting(inbox.latest.keys).count
            guard inbox.latest.count + fresh <= capacity else {
                inbox.refused += 1
                return .failure(
                    PushRefusal(
                        code: .invalidPayload,
                        message: "the inbox holds \(capacity) series waiting for a cycle; push less often or fewer"
                    )
                )
            }
            for (key, sample) in zip(keys, samples) {
                if inbox.latest.updateValue(sample, forKey: key) == nil { inbox.order.append(key) }
            }
            inbox.accepted += samples.count
            return .success(samples.count)
        }
        return try result.get()
    }

    /// How many samples were accepted and how many pushes refused since start.
    public var counts: (accepted: Int, refused: Int) {
        inbox.withLock { ($0.accepted, $0.refused) }
    }

    public func sample(atNanos: Int64) async -> SourceResult {
        let drained = inbox.withLock { inbox in
            defer {
                inbox.order.removeAll(keepingCapacity: true)
                inbox.latest.removeAll(keepingCapacity: true)
            }
            return inbox.order.compactMap { inbox.latest[$0] }
        }
        return SourceResult(samples: drained, health: .up)
    }

    private static func key(_ sample: MetricSample) -> String {
        sample.labels.sorted { $0.key < $1.key }.reduce(into: sample.name) { $0 += "\u{1F}\($1.key)=\($1.value)" }
    }
}
