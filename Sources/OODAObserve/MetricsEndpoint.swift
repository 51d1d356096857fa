import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// The small HTTP server of a stage: `GET /metrics`, `GET /healthz` and, with an inbox, `POST /push`.
///
/// A `Service`: run it in the stage's `ServiceGroup`; it stops on graceful shutdown or cancellation.
public final class MetricsEndpoint: Service {
    private enum Binding {
        case waiting([CheckedContinuation<Int?, Never>])
        case bound(Int)
        case stopped
    }

    private let configuration: MetricsEndpointConfiguration
    private let registry: PrometheusCollectorRegistry
    private let health: @Sendable () -> StageHealth
    private let inbox: PushIngestor?
    private let metrics: StageMetrics?
    private let logger: Logger
    private let binding = Mutex(Binding.waiting([]))

    /// Creates an endpoint.
    ///
    /// - Parameters:
    ///   - configuration: Where to listen.
    ///   - registry: The registry served at `/metrics`.
    ///   - metrics: The stage's figures, to count pushes; `nil` to leave them uncounted.
    ///   - inbox: Where `POST /push` delivers; `nil` answers 404 there.
    ///   - logger: The logger for start, stop and refused pushes.
    ///   - health: What `/healthz` reports, asked on every request.
    public init(
        configuration: MetricsEndpointConfiguration,
        registry: PrometheusCollectorRegistry,
        metrics: StageMetrics? = nil,
        inbox: PushIngestor? = nil,
        logger: Logger,
        health: @escaping @Sendable () -> StageHealth
    ) {
        self.configuration = configuration
        self.registry = registry
        self.metrics = metrics
        self.inbox = inbox
        self.logger = logger
        self.health = health
    }

    /// The bound TCP port, once the server listens; `nil` when it stopped before listening.
    ///
    /// - Returns: The port, waiting for the server to bind when it has not yet.
    public func listeningPort() async -> Int? {
        await withCheckedContinuation { continuation in
            binding.withLock { binding in
                switch binding {
                case .waiting(let waiters): binding = .waiting(waiters + [continuation])
                case .bound(let port): continuation.resume(returning: port)
                case .stopped: continuation.resume(returning: nil)
                }
            }
        }
    }

    /// Serves until graceful shutdown or cancellation.
    ///
    /// - Throws: ``ObserveError`` with code `serverFailed` when the address cannot be bound.
    public func run() async throws {
        let address = BindAddress.hostname(configuration.host, port: configuration.port)
        let application = Application(
            router: router(),
            configuration: ApplicationConfiguration(address: address, serverName: "ooda"),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("metrics endpoint listening", metadata: ["port": "\(port)"])
                settle(.bound(port))
            },
            logger: logger
        )
        defer { settle(.stopped) }
        do {
            try await application.run()
        } catch is CancellationError {
            return
        } catch {
            throw ObserveError(
                .serverFailed,
                "the metrics endpoint stopped: \(error); check that the port is free",
                location: "\(configuration.host):\(configuration.port)"
            )
        }
    }

    /// Records that the server is bound or stopped and wakes whoever waits for the port.
    private func settle(_ state: Binding) {
        let waiters = binding.withLock { binding in
            defer {
                // A port once bound stays reported until the server stops.
                if case .waiting = binding { binding = state } else if case .stopped = state { binding = state }
            }
            if case .waiting(let waiters) = binding { return waiters }
            return []
        }
        let port: Int? = if case .bound(let port) = state { port } else { nil }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { [registry] _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        router.get("healthz") { [health] _, _ -> Response in
            let report = health()
            return Self.json(report, status: report.healthy ? .ok : .serviceUnavailable)
        }
        router.post("push") { [inbox, metrics, logger, configuration] request, _ -> Response in
            guard let inbox else {
                return Self.json(["error": "this stage takes no pushes; push to observe"], status: .notFound)
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: configuration.maxPushBytes)
            } catch {
                metrics?.pushRefused(transport: "http", code: .invalidPayload)
                return Self.json(
                    ["error": "the body is larger than \(configuration.maxPushBytes) bytes; push fewer samples"],
                    status: .contentTooLarge
                )
            }
            do throws(PushRefusal) {
                let accepted = try inbox.ingest(json: body.readableBytesView, source: "push:http")
                metrics?.pushAccepted(samples: accepted, transport: "http")
                return Self.json(["accepted": accepted], status: .accepted)
            } catch {
                metrics?.pushRefused(transport: "http", code: error.code)
                logger.debug("push refused", metadata: ["reason": "\(error)"])
                return Self.json(PushAnswer(error: error.message, refused: error.refused), status: .badRequest)
            }
        }
        return router
    }

    private static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct PushAnswer: Encodable {
        var error: String
        var refused: [PushRefusal.RefusedSample]
    }
}
