#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds which of a subscriber's configured endpoints a monitor event is about.
///
/// libzmq names the endpoint of a handshake event by the address it connected to, so `tcp://decide:5553` comes
/// back as `tcp://172.18.0.4:5553`: the event is attributed to the configured endpoint whose host resolves to
/// that address and whose port matches, so that reports name what the operator wrote and a refused connection
/// is retried on the configured endpoint (with that publisher's key). Hosts are resolved again when an address
/// matches none (a container restarted with a new address).
struct EndpointAttribution {
    let configured: [String]
    private var addresses: [String: Set<String>] = [:]

    init(configured: [String]) {
        self.configured = configured
        resolve()
    }

    /// The configured endpoint the event's endpoint stands for; the event's own when none matches.
    mutating func configuredEndpoint(for endpoint: String) -> String {
        if configured.contains(endpoint) { return endpoint }
        if let match = match(endpoint) { return match }
        resolve()
        return match(endpoint) ?? endpoint
    }

    private func match(_ endpoint: String) -> String? {
        guard let (host, port) = Self.tcpHostAndPort(endpoint) else { return nil }
        let candidates = configured.filter { candidate in
            guard let (_, candidatePort) = Self.tcpHostAndPort(candidate), candidatePort == port else { return false }
            return addresses[candidate]?.contains(host) == true
        }
        return candidates.count == 1 ? candidates[0] : nil
    }

    private mutating func resolve() {
        for endpoint in configured {
            guard let (host, _) = Self.tcpHostAndPort(endpoint) else { continue }
            addresses[endpoint] = Self.addresses(of: host)
        }
    }

    /// `tcp://HOST:PORT` (HOST may be `[v6]`) as its host and port; nil for other transports.
    static func tcpHostAndPort(_ endpoint: String) -> (String, String)? {
        guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") else { return nil }
        var host = String(endpoint[endpoint.index(endpoint.startIndex, offsetBy: 6)..<colon])
        // A connect endpoint may name a source address first: `tcp://SOURCE;HOST:PORT`.
        if let semicolon = host.lastIndex(of: ";") { host = String(host[host.index(after: semicolon)...]) }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, String(endpoint[endpoint.index(after: colon)...]))
    }

    /// The numeric addresses a host name resolves to (itself when it is one); empty when it does not resolve.
    private static func addresses(of host: String) -> Set<String> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: Set<String> = [host]
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                current.pointee.ai_addr,
                current.pointee.ai_addrlen,
                &text,
                socklen_t(text.count),
                nil,
                0,
                NI_NUMERICHOST
            ) == 0 {
                found.insert(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            entry = current.pointee.ai_next
        }
        return found
    }
}
