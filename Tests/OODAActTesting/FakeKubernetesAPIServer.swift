import NIOCore
import NIOHTTP1
import NIOPosix
import OODAAct
import OODACore

/// A FAKE Kubernetes API server: plain HTTP on 127.0.0.1 and a port the system picks, answering from a
/// ``FakeKubernetesCluster``. For tests and benchmarks only; the real API server is reached over HTTPS.
public final class FakeKubernetesAPIServer: Sendable {
    /// The objects it serves and the failures it injects.
    public let cluster: FakeKubernetesCluster
    /// The port it listens on.
    public let port: Int
    private let channel: any Channel
    private let serving: Task<Void, Never>

    private init(cluster: FakeKubernetesCluster, port: Int, channel: any Channel, serving: Task<Void, Never>) {
        self.cluster = cluster
        self.port = port
        self.channel = channel
        self.serving = serving
    }

    /// The base URL to put in a kubeconfig: `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a server for `cluster`.
    public static func start(
        cluster: FakeKubernetesCluster = FakeKubernetesCluster()
    ) async throws
        -> FakeKubernetesAPIServer
    {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let channel = server.channel
        let serving = Task {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await serve(connection, cluster) }
                    }
                }
            }
        }
        return FakeKubernetesAPIServer(cluster: cluster, port: port, channel: channel, serving: serving)
    }

    /// Stops listening and drops every connection.
    public func shutdown() async {
        try? await channel.close()
        serving.cancel()
        await serving.value
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        _ cluster: FakeKubernetesCluster
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body = []
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let request = head else { continue }
                    let response = cluster.handle(
                        method: request.method.rawValue,
                        uri: request.uri,
                        authorization: request.headers.first(name: "Authorization"),
                        contentType: request.headers.first(name: "Content-Type"),
                        body: body
                    )
                    if response.delay > .zero { try await Task.sleep(for: response.delay) }
                    let bytes = response.body.serialized
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: String(bytes.count))
                    let status = HTTPResponseStatus(statusCode: response.status)
                    try await outbound.write(
                        .head(HTTPResponseHead(version: request.version, status: status, headers: headers))
                    )
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }
}
