/// A ZeroMQ endpoint a stage binds or connects to: `ipc://PATH` or `tcp://HOST:PORT`.
public struct BusEndpoint: Hashable, Sendable, CustomStringConvertible, Codable {
    public enum Transport: String, Sendable, Hashable, Codable {
        case ipc
        case tcp
    }

    public var transport: Transport
    /// The path for ipc, `host:port` for tcp.
    public var address: String

    /// Parses and checks an endpoint.
    ///
    /// - Throws: a message saying what is wrong, for the caller to place in a file and field.
    public init(parsing text: String) throws(EndpointError) {
        if text.hasPrefix("ipc://") {
            let path = String(text.dropFirst("ipc://".count))
            guard !path.isEmpty else { throw EndpointError("'\(text)' has no path after ipc://") }
            // Linux limits a Unix socket path to 107 bytes.
            guard path.utf8.count <= 107 else {
                throw EndpointError("'\(text)' is longer than the 107 bytes a Unix socket path allows")
            }
            self.transport = .ipc
            self.address = path
        } else if text.hasPrefix("tcp://") {
            let rest = String(text.dropFirst("tcp://".count))
            guard let colon = rest.lastIndex(of: ":"), colon != rest.startIndex,
                let port = Int(rest[rest.index(after: colon)...]), (0...65_535).contains(port)
            else {
                throw EndpointError("'\(text)' is not tcp://HOST:PORT with a port from 0 to 65535")
            }
            self.transport = .tcp
            self.address = rest
        } else {
            throw EndpointError("'\(text)' is neither ipc://PATH nor tcp://HOST:PORT")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try BusEndpoint(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(transport.rawValue)://\(address)" }

    /// Why an endpoint is not valid.
    public struct EndpointError: Error, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}
