import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import OODACore
import Synchronization

/// A Prometheus target scraped over HTTP once per cycle, its series mapped to state fields.
///
/// A target that cannot be reached, answers badly or too slowly marks the source down with the reason; the
/// cycle goes on with the other sources. Lines that do not parse are refused one by one and the source is
/// reported degraded, with the rest kept.
public final class PrometheusScrapeSource: MetricSource {
    public let name: String
    private let configuration: ScrapeTargetConfiguration
    private let client: HTTPClient
    private let mapper: Mutex<SeriesMapper>
    private let sourceLabel: String

    /// Creates a scrape source.
    ///
    /// - Parameters:
    ///   - configuration: The target and its mappings.
    ///   - client: The HTTP client; ``scrapeClient`` by default.
    /// - Throws: ``ObserveError`` with code `invalidConfiguration` when a mapping's regex does not compile.
    public init(
        configuration: ScrapeTargetConfiguration,
        client: HTTPClient = PrometheusScrapeSource.scrapeClient
    ) throws(ObserveError) {
        self.name = configuration.name ?? configuration.url
        self.configuration = configuration
        self.client = client
        self.mapper = Mutex(try SeriesMapper(configuration.mappings))
        self.sourceLabel = "scrape:" + configuration.url
    }

    /// The process-wide client for scrapes: it reports a refused connection at once instead of retrying
    /// until the timeout, so a target that is down is told apart from one that is slow.
    ///
    /// Like `HTTPClient.shared`, it lives as long as the process and is never shut down.
    public static let scrapeClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public func sample(atNanos: Int64) async -> SourceResult {
        let body: ByteBuffer
        do {
            body = try await fetch()
        } catch {
            return SourceResult(samples: [], health: .down(error))
        }
        let exposition = body.withUnsafeReadableBytes { raw in
            ExpositionParser(location: configuration.url).parse(bytes: raw.bindMemory(to: UInt8.self))
        }
        return result(of: exposition, atNanos: atNanos)
    }

    /// Maps a parsed scrape to the cycle's result; apart from ``sample(atNanos:)`` so a test can feed it text.
    ///
    /// - Parameters:
    ///   - exposition: The parsed scrape.
    ///   - atNanos: When it was taken.
    /// - Returns: The mapped samples (and the raw series when configured) with the source's health.
    package func result(of exposition: Exposition, atNanos: Int64) -> SourceResult {
        var (samples, problems) = mapper.withLock { $0.map(exposition, atNanos: atNanos, source: sourceLabel) }
        if configuration.keepRawSeries {
            samples += exposition.samples.map {
                MetricSample(name: $0.name, value: $0.value, labels: $0.labels, source: sourceLabel)
            }
        }
        // The first few refused lines are enough to find the fault; a broken target can have thousands.
        let errors = exposition.errors.prefix(5).map(\.description) + problems
        let omitted = exposition.errors.count > 5 ? ["… and \(exposition.errors.count - 5) more refused lines"] : []
        let status: SourceHealth.Status = errors.isEmpty ? .up : .degraded
        return SourceResult(samples: samples, health: SourceHealth(status: status, errors: errors + omitted))
    }

    private func fetch() async throws(ObserveError) -> ByteBuffer {
        let timeout = configuration.timeoutMillis
        do {
            // The client's own deadline stops at the response head, so the body is raced against the clock too.
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await self.get() }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(timeout))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let body = first else {
                    throw ObserveError(
                        .timeout,
                        "no complete answer within \(timeout) ms; raise timeoutMillis or check the target",
                        location: configuration.url
                    )
                }
                return body
            }
        } catch let error as ObserveError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw ObserveError(.timeout, "no answer within \(timeout) ms", location: configuration.url)
        } catch is NIOTooManyBytesError {
            throw ObserveError(
                .responseTooLarge,
                "the answer is larger than \(configuration.maxBodyBytes) bytes; raise maxBodyBytes",
                location: configuration.url
            )
        } catch {
            throw ObserveError(
                .unreachable,
                "the target cannot be reached (\(error)); check the URL and that it is running",
                location: configuration.url
            )
        }
    }

    private func get() async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: configuration.url)
        request.headers.add(name: "Accept", value: "text/plain;version=0.0.4;q=1,*/*;q=0.1")
        let response = try await client.execute(request, timeout: .milliseconds(Int64(configuration.timeoutMillis)))
        guard response.status == .ok else {
            throw ObserveError(
                .badStatus,
                "answered \(response.status.code) \(response.status.reasonPhrase); check the URL's path",
                location: configuration.url
            )
        }
        return try await response.body.collect(upTo: configuration.maxBodyBytes)
    }
}
