import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OODACore
import Synchronization

/// The library a service links to report its health to ooda: scores, custom metrics, host figures.
///
/// Values are kept as the latest per series. ``exportPrometheus()`` renders them for a `/metrics` of the
/// service's own that ooda scrapes; ``push(to:)`` sends them to observe's `POST /push` instead.
///
/// ```swift
/// let collector = MetricsCollector(labels: ["service": "checkout"])
/// try collector.update(omegaScore: 0.95, psiIndex: 0.9, betaAntifragile: 1.1)
/// try collector.record("orders_open", 12, labels: ["region": "eu"])
/// let text = collector.exportPrometheus()
/// ```
public final class MetricsCollector: Sendable {
    private let latest = Mutex<[String: MetricSample]>([:])
    private let labels: [String: String]
    private let host: HostSource?

    /// Creates a collector.
    ///
    /// - Parameters:
    ///   - labels: Labels added to every sample, such as the service's name.
    ///   - host: The host source read by ``collect(atNanos:)``; `nil` to report the service's own values only.
    public init(labels: [String: String] = [:], host: HostSource? = HostSource(name: "host")) {
        self.labels = labels
        self.host = host
    }

    /// Sets the service's health scores; a parameter left `nil` keeps its previous value.
    ///
    /// - Parameters:
    ///   - omegaScore: Quality, 0...1.
    ///   - psiIndex: Stability, 0...1.
    ///   - betaAntifragile: Performance under stress relative to baseline.
    ///   - latencyMs: Request latency in milliseconds.
    ///   - throughput: Requests per second.
    /// - Throws: ``PushRefusal`` when a value is out of its range; nothing is changed then.
    public func update(
        omegaScore: Double? = nil,
        psiIndex: Double? = nil,
        betaAntifragile: Double? = nil,
        latencyMs: Double? = nil,
        throughput: Double? = nil
    ) throws(PushRefusal) {
        let given: [(String, Double?)] = [
            (MetricName.omegaScore, omegaScore), (MetricName.psiIndex, psiIndex),
            (MetricName.betaAntifragile, betaAntifragile), (MetricName.latencyMs, latencyMs),
            (MetricName.throughput, throughput),
        ]
        try store(given.compactMap { name, value in value.map { (name, $0, [:]) } })
    }

    /// Records one value of any metric.
    ///
    /// - Parameters:
    ///   - name: A Prometheus metric name.
    ///   - value: A finite value.
    ///   - labels: The series' labels, added to the collector's.
    /// - Throws: ``PushRefusal`` when the name, value or a label is invalid.
    public func record(_ name: String, _ value: Double, labels: [String: String] = [:]) throws(PushRefusal) {
        try store([(name, value, labels)])
    }

    /// The latest value of every series, sorted by name.
    public func snapshot() -> [MetricSample] {
        latest.withLock { Array($0.values) }.sorted {
            ($0.name, $0.labels.description) < ($1.name, $1.labels.description)
        }
    }

    /// Reads the host once and keeps its figures.
    ///
    /// - Parameter atNanos: The time of the reading, in nanoseconds; rates are computed against the previous one.
    public func collect(atNanos: Int64) async {
        guard let host else { return }
        let result = await host.sample(atNanos: atNanos)
        latest.withLock { latest in
            for var sample in result.samples {
                sample.labels.merge(labels) { own, _ in own }
                latest[Self.key(sample)] = sample
            }
        }
    }

    /// Collects the host's figures every `interval` until the task is cancelled.
    ///
    /// - Parameter interval: The time between readings.
    public func collect(every interval: Duration) async {
        let clock = ContinuousClock()
        let origin = clock.now
        let epochNanos = Int64(Date().timeIntervalSince1970 * 1e9)
        var next = origin
        while !Task.isCancelled {
            await collect(atNanos: epochNanos + (clock.now - origin).nanoseconds)
            next = next.advanced(by: interval)
            do { try await clock.sleep(until: next) } catch { return }
        }
    }

    /// The latest values in the Prometheus text format, for the service's own `/metrics`.
    public func exportPrometheus() -> String {
        ExpositionWriter.render(snapshot()) { "\($0) as reported by the service through the ooda collector." }
    }

    /// Sends the latest values to observe's `POST /push`.
    ///
    /// - Parameters:
    ///   - url: Observe's push URL, for example `http://127.0.0.1:9464/push`.
    ///   - client: The HTTP client.
    ///   - timeout: How long the push may take.
    /// - Throws: ``ObserveError`` when observe cannot be reached or refuses the push, with its answer.
    public func push(to url: String, client: HTTPClient = .shared, timeout: Duration = .seconds(2)) async throws {
        let samples = snapshot().map { PushedSample(name: $0.name, value: $0.value, labels: $0.labels) }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(["samples": samples])))
        let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        let answer = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code < 300 else {
            throw ObserveError(
                .invalidSample,
                "observe refused the push with \(response.status.code): \(String(buffer: answer))",
                location: url
            )
        }
    }

    private func store(_ entries: [(String, Double, [String: String])]) throws(PushRefusal) {
        let samples = entries.map { name, value, own in
            MetricSample(name: name, value: value, labels: own.merging(labels) { mine, _ in mine }, source: "push")
        }
        let refused = PushValidation.refusals(of: samples)
        guard refused.isEmpty else {
            throw PushRefusal(code: .invalidSample, message: "\(refused.count) values refused", refused: refused)
        }
        latest.withLock { latest in
            for sample in samples { latest[Self.key(sample)] = sample }
        }
    }

    private struct PushedSample: Encodable {
        var name: String
        var value: Double
        var labels: [String: String]
    }

    private static func key(_ sample: MetricSample) -> String {
        sample.labels.sorted { $0.key < $1.key }.reduce(into: sample.name) { $0 += "\u{1F}\($1.key)=\($1.value)" }
    }
}
