internal import CZeroMQ

/// A libzmq socket, owned by one thread from creation to close.
///
/// libzmq sockets are not thread safe, so a socket is `~Copyable` and not `Sendable`: it cannot be shared or moved
/// to another thread, and it closes exactly once, when it goes away. It keeps its context alive. Every socket gets
/// a finite `ZMQ_LINGER` at creation (libzmq's default is to wait forever for unsent messages at exit).
///
/// Sends and receives report `EAGAIN` as a value (``ZMQSendResult/wouldBlock``, or `nil` from ``receive(blocking:)``):
/// it means "not now" (non-blocking call, full queue, or `SNDTIMEO`/`RCVTIMEO` expired), not failure.
public struct ZMQSocket: ~Copyable {
    let handle: ZMQSocketHandle
    /// The socket's type.
    public let type: ZMQSocketType
    /// The context the socket was made in, and keeps alive.
    public var context: ZMQContext { handle.context }

    /// Creates a socket in `context`.
    ///
    /// - Parameters:
    ///   - context: the context; the socket keeps it alive.
    ///   - type: the socket type.
    ///   - linger: how long closing waits to deliver queued messages; `nil` waits forever (avoid it).
    /// - Throws: ``ZMQError`` if libzmq cannot create the socket (for example, too many sockets).
    public init(_ context: ZMQContext, type: ZMQSocketType, linger: Duration? = .zero) throws(ZMQError) {
        guard let raw = zmq_socket(context.raw, type.rawValue) else { throw ZMQError.last("zmq_socket") }
        // Owned by the handle from here, so it is closed if setting the linger fails.
        let handle = ZMQSocketHandle(raw, context: context)
        var milliseconds = Int32(clamping: linger.map(Self.milliseconds) ?? -1)
        try ZMQCall.run("zmq_setsockopt") { zmq_setsockopt(raw, ZMQ_LINGER, &milliseconds, MemoryLayout<Int32>.size) }
        self.handle = handle
        self.type = type
    }

    deinit { handle.close() }

    /// Closes the socket now; what it had queued is delivered within its linger, in the background.
    public consuming func close() {}

    /// Binds to a local endpoint: `tcp://127.0.0.1:0` (read the port from ``lastEndpoint``), `ipc:///path`, ….
    ///
    /// - Throws: ``ZMQError`` naming the endpoint: ``ZMQError/Code/invalidEndpoint``,
    ///   ``ZMQError/Code/addressInUse``, ``ZMQError/Code/addressNotAvailable``, ….
    public func bind(_ endpoint: String) throws(ZMQError) {
        let raw = try handle.open("zmq_bind")
        try ZMQCall.run("zmq_bind", endpoint: endpoint) { zmq_bind(raw, endpoint) }
    }

    /// Connects to an endpoint; libzmq connects in the background and reconnects after failures.
    ///
    /// - Throws: ``ZMQError`` naming the endpoint, if it is malformed or names an unknown transport.
    public func connect(_ endpoint: String) throws(ZMQError) {
        let raw = try handle.open("zmq_connect")
        try ZMQCall.run("zmq_connect", endpoint: endpoint) { zmq_connect(raw, endpoint) }
    }

    /// Stops listening on an endpoint bound before.
    ///
    /// - Throws: ``ZMQError/Code/endpointNotFound`` if the socket is not bound there.
    public func unbind(_ endpoint: String) throws(ZMQError) {
        let raw = try handle.open("zmq_unbind")
        try ZMQCall.run("zmq_unbind", endpoint: endpoint) { zmq_unbind(raw, endpoint) }
    }

    /// Disconnects from an endpoint connected before.
    ///
    /// - Throws: ``ZMQError/Code/endpointNotFound`` if the socket is not connected there.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        let raw = try handle.open("zmq_disconnect")
        try ZMQCall.run("zmq_disconnect", endpoint: endpoint) { zmq_disconnect(raw, endpoint) }
    }

    /// The endpoint last bound or connected, with the actual port for `tcp://…:0`.
    ///
    /// - Throws: ``ZMQError`` if the socket is closed.
    public var lastEndpoint: String {
        get throws(ZMQError) { try get(.lastEndpoint) }
    }

    /// Sends one frame.
    ///
    /// - Parameters:
    ///   - frame: the bytes, copied by libzmq.
    ///   - more: another frame of the same message follows.
    ///   - blocking: wait for room (bounded by `SNDTIMEO`); when false, a full queue returns `.wouldBlock`.
    /// - Returns: `.sent`, or `.wouldBlock` when the frame could not be queued now.
    /// - Throws: ``ZMQError``, for example ``ZMQError/Code/unsupportedOperation`` for send on SUB.
    @discardableResult
    public func send(_ frame: [UInt8], more: Bool = false, blocking: Bool = true) throws(ZMQError) -> ZMQSendResult {
        let raw = try handle.open("zmq_send")
        let flags = (more ? ZMQ_SNDMORE : 0) | (blocking ? 0 : ZMQ_DONTWAIT)
        let outcome = try ZMQCall.attempt("zmq_send") {
            frame.withUnsafeBytes { zmq_send(raw, $0.baseAddress, $0.count, flags) }
        }
        switch outcome {
        case .done: return .sent
        case .wouldBlock: return .wouldBlock
        }
    }

    /// Sends a message of one or more frames, atomically: all frames or none are delivered.
    ///
    /// - Parameters:
    ///   - frames: the frames, at least one.
    ///   - blocking: wait for room (bounded by `SNDTIMEO`); when false, a full queue returns `.wouldBlock`.
    /// - Returns: `.sent`, or `.wouldBlock` when the message could not be queued now (nothing was sent).
    /// - Throws: ``ZMQError``; ``ZMQError/Code/invalidArgument`` for an empty list of frames.
    @discardableResult
    public func send(frames: [[UInt8]], blocking: Bool = true) throws(ZMQError) -> ZMQSendResult {
        guard let first = frames.first else { throw ZMQError(errno: EINVAL, function: "zmq_send") }
        guard try send(first, more: frames.count > 1, blocking: blocking) == .sent else { return .wouldBlock }
        for index in frames.indices.dropFirst() {
            // libzmq queues a message whole once its first frame is accepted; a refusal here would cut a message,
            // so it is an error rather than a retry.
            guard try send(frames[index], more: index < frames.count - 1, blocking: blocking) == .sent else {
                throw ZMQError(errno: EAGAIN, function: "zmq_send")
            }
        }
        return .sent
    }

    /// Receives one whole message, all its frames.
    ///
    /// - Parameter blocking: wait for a message (bounded by `RCVTIMEO`); when false, return at once.
    /// - Returns: the frames, or `nil` if no message was ready (`EAGAIN`).
    /// - Throws: ``ZMQError``, for example ``ZMQError/Code/unsupportedOperation`` for receive on PUB.
    public func receive(blocking: Bool = true) throws(ZMQError) -> [[UInt8]]? {
        let raw = try handle.open("zmq_msg_recv")
        var frames: [[UInt8]] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        // The later frames of a message arrive with the first, so only the first receive may find nothing.
        var flags = blocking ? 0 : ZMQ_DONTWAIT
        repeat {
            guard case .done = try ZMQCall.attempt("zmq_msg_recv", { zmq_msg_recv(&message, raw, flags) }) else {
                if frames.isEmpty { return nil }
                throw ZMQError(errno: EAGAIN, function: "zmq_msg_recv")
            }
            let size = zmq_msg_size(&message)
            frames.append(Array(UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: size)))
            flags = 0
        } while zmq_msg_more(&message) == 1
        return frames
    }
}

@available(*, unavailable, message: "a libzmq socket must stay on the thread that created it")
extension ZMQSocket: Sendable {}
