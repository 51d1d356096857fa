internal import CZeroMQ

extension ZMQSocket {
    /// Sets a duration option, in whole milliseconds; `nil` is libzmq's -1.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_setsockopt` when libzmq refuses the value or the option for this socket.
    public func set(_ option: ZMQSocketOption<Duration?>, _ value: Duration?) throws(ZMQError) {
        try setInteger(option.code, Int32(clamping: value.map(Self.milliseconds) ?? -1))
    }

    /// Reads a duration option; `nil` when libzmq holds -1.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_getsockopt`.
    public func get(_ option: ZMQSocketOption<Duration?>) throws(ZMQError) -> Duration? {
        let value = try getInteger(option.code, as: Int32.self)
        return value == -1 ? nil : .milliseconds(value)
    }

    /// Sets an integer option.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_setsockopt`.
    public func set(_ option: ZMQSocketOption<Int32>, _ value: Int32) throws(ZMQError) {
        try setInteger(option.code, value)
    }

    /// Reads an integer option.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_getsockopt`.
    public func get(_ option: ZMQSocketOption<Int32>) throws(ZMQError) -> Int32 {
        try getInteger(option.code, as: Int32.self)
    }

    /// Sets a 64-bit integer option.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_setsockopt`.
    public func set(_ option: ZMQSocketOption<Int64>, _ value: Int64) throws(ZMQError) {
        try setInteger(option.code, value)
    }

    /// Reads a 64-bit integer option.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_getsockopt`.
    public func get(_ option: ZMQSocketOption<Int64>) throws(ZMQError) -> Int64 {
        try getInteger(option.code, as: Int64.self)
    }

    /// Sets a flag option.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_setsockopt`.
    public func set(_ option: ZMQSocketOption<Bool>, _ value: Bool) throws(ZMQError) {
        try setInteger(option.code, Int32(value ? 1 : 0))
    }

    /// Reads a flag option.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_getsockopt` (write-only options such as ``ZMQSocketOption/xpubNoDrop``
    ///   cannot be read).
    public func get(_ option: ZMQSocketOption<Bool>) throws(ZMQError) -> Bool {
        try getInteger(option.code, as: Int32.self) != 0
    }

    /// Sets a bytes option, such as a subscription prefix.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_setsockopt`.
    public func set(_ option: ZMQSocketOption<[UInt8]>, _ value: [UInt8]) throws(ZMQError) {
        try setBytes(option.code, value)
    }

    /// Sets a text option, such as a Z85 CURVE key.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_setsockopt` (a CURVE key that is not 40 Z85 characters is refused).
    public func set(_ option: ZMQSocketOption<String>, _ value: String) throws(ZMQError) {
        try setBytes(option.code, Array(value.utf8))
    }

    /// Reads a text option, such as the last endpoint or a Z85 CURVE key.
    ///
    /// - Throws: ``ZMQError`` naming `zmq_getsockopt`.
    public func get(_ option: ZMQSocketOption<String>) throws(ZMQError) -> String {
        let raw = try handle.open("zmq_getsockopt")
        var buffer = [UInt8](repeating: 0, count: option.readCapacity)
        var size = buffer.count
        try ZMQCall.run("zmq_getsockopt") {
            buffer.withUnsafeMutableBytes { zmq_getsockopt(raw, option.code, $0.baseAddress, &size) }
        }
        // libzmq counts the terminating NUL in `size`.
        let text = buffer.prefix(size).prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    private func setInteger<Integer: FixedWidthInteger>(_ code: Int32, _ value: Integer) throws(ZMQError) {
        let raw = try handle.open("zmq_setsockopt")
        var value = value
        try ZMQCall.run("zmq_setsockopt") { zmq_setsockopt(raw, code, &value, MemoryLayout<Integer>.size) }
    }

    private func getInteger<Integer: FixedWidthInteger>(_ code: Int32, as: Integer.Type) throws(ZMQError) -> Integer {
        let raw = try handle.open("zmq_getsockopt")
        var value = Integer.zero
        var size = MemoryLayout<Integer>.size
        try ZMQCall.run("zmq_getsockopt") { zmq_getsockopt(raw, code, &value, &size) }
        return value
    }

    private func setBytes(_ code: Int32, _ value: [UInt8]) throws(ZMQError) {
        let raw = try handle.open("zmq_setsockopt")
        // An empty array may have no storage, and libzmq wants a pointer even for a zero length.
        let storage = value.isEmpty ? [0] : value
        try ZMQCall.run("zmq_setsockopt") {
            storage.withUnsafeBytes { zmq_setsockopt(raw, code, $0.baseAddress, value.count) }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return whole.addingReportingOverflow(attoseconds / 1_000_000_000_000_000).partialValue
    }
}
