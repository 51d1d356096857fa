/// A publisher `ooda tap --endpoint` connects to: `ENDPOINT`, or `NAME=ENDPOINT` naming the publisher whose
/// public certificate (`NAME.key`) a CURVE tap checks it against.
public struct TapEndpoint: Sendable, Equatable {
    /// The publisher's certificate name, when given.
    public var name: String?
    public var endpoint: String

    public init(name: String? = nil, endpoint: String) {
        self.name = name
        self.endpoint = endpoint
    }

    /// Reads `decide=tcp://host:5553` or `tcp://host:5553`. An `=` after the scheme (`ipc:///tmp/a=b.sock`)
    /// belongs to the endpoint.
    public init(parsing text: String) {
        if let equals = text.firstIndex(of: "="), !text[..<equals].contains(":"), !text[..<equals].isEmpty {
            name = String(text[..<equals])
            endpoint = String(text[text.index(after: equals)...])
        } else {
            name = nil
            endpoint = text
        }
    }
}

extension SubscriberCurve {
    /// The keys of a tap on the given endpoints: the pair `identity` from `keyring`, and each endpoint's
    /// publisher checked against the public certificate its name gives.
    ///
    /// - Throws: ``CurveKeyError`` naming a certificate file that is missing or bad; ``TapEndpointError`` for an
    ///   endpoint without a name.
    public static func tap(
        _ endpoints: [TapEndpoint],
        keyring: CurveKeyring,
        as identity: String
    ) throws -> SubscriberCurve {
        var serverKeys: [String: String] = [:]
        for target in endpoints {
            guard let name = target.name else { throw TapEndpointError(endpoint: target.endpoint) }
            serverKeys[target.endpoint] = try keyring.publicKey(of: name)
        }
        return SubscriberCurve(clientKeys: try keyring.keyPair(of: identity), serverKeys: serverKeys)
    }
}

/// A CURVE tap was given an endpoint without the name of its publisher.
public struct TapEndpointError: Error, CustomStringConvertible {
    public var endpoint: String

    public var description: String {
        "with CURVE keys, name the publisher at each endpoint so that its public certificate can be checked: "
            + "--endpoint decide=\(endpoint) (decide.key in the keys directory)"
    }
}
