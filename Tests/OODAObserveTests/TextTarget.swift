import Hummingbird
import Logging
import NIOCore

/// A live HTTP scrape target for tests: `/metrics` serves a text, `/slow` answers after a long pause,
/// `/slowbody` sends its head then stalls the body, anything else is 404.
struct TextTarget: Sendable {
    let text: String

    /// Runs the target for the duration of `body`, with the port it bound (0 asks the system for a free one).
    func serve<Result: Sendable>(_ body: @Sendable (Int) async throws -> Result) async throws -> Result {
        let router = Router()
        router.get("metrics") { [text] _, _ in text }
        router.get("slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(30))
            return "late 1\n"
        }
        router.get("slowbody") { _, _ -> Response in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "partial 1\n"))
                    try await Task.sleep(for: .seconds(30))
                    try await writer.finish(nil)
                }
            )
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "test-target", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await application.run()
            }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            return try await body(port)
        }
    }
}
