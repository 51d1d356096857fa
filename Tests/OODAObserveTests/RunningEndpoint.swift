import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import OODAObserve

/// Runs a ``MetricsEndpoint`` on a free port for the duration of a test body.
enum RunningEndpoint {
    static func serve<Result: Sendable>(
        _ endpoint: MetricsEndpoint,
        _ body: @Sendable (Int) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await endpoint.run() }
            defer { group.cancelAll() }
            guard let port = await endpoint.listeningPort() else {
                try await group.next()
                throw ObserveError(.serverFailed, "the endpoint stopped before listening", location: "test")
            }
            return try await body(port)
        }
    }

    /// GETs or POSTs a URL and returns the status code and body as text.
    static func request(_ url: String, post body: String? = nil) async throws -> (status: UInt, text: String) {
        var request = HTTPClientRequest(url: url)
        if let body {
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return (response.status.code, String(buffer: buffer))
    }

    static let logger = Logger(label: "test-endpoint", factory: { _ in SwiftLogNoOpLogHandler() })
}
