import OODABus
import OODACore
import ZeroMQ

/// A subscriber's CURVE keys: its own pair, and the public key of the publisher at each endpoint.
public struct SubscriberCurve: Sendable {
    public var clientKeys: ZMQCurveKeyPair
    public var serverKeys: [String: String]

    public init(clientKeys: ZMQCurveKeyPair, serverKeys: [String: String]) {
        self.clientKeys = clientKeys
        self.serverKeys = serverKeys
    }

    /// Sets them on a subscriber's configuration.
    public func apply(to configuration: inout ZeroMQSubscriber.Configuration) {
        configuration.curveClientKeys = clientKeys
        configuration.curveServerPublicKeys = serverKeys
    }
}

/// A publisher's CURVE settings: its key pair, and the public keys (Z85) of the subscribers it admits.
public typealias PublisherCurve = (keys: ZMQCurveKeyPair, authorized: Set<String>)

extension CurveKeyring {
    /// Publishing as `name`: its pair, admitting every public certificate in the directory, as a stage of a
    /// topology with `curve.keys` does.
    ///
    /// - Throws: ``CurveKeyError`` naming the key file that is missing or bad.
    public func publisherCurve(as name: String) throws(CurveKeyError) -> PublisherCurve {
        (try keyPair(of: name), try authorizedKeys())
    }
}

extension Topology {
    /// A stage publisher's CURVE settings when the topology has keys: the stage's own pair, admitting every
    /// public certificate in the keys directory. `nil` for plain text.
    ///
    /// - Throws: ``CurveKeyError`` naming the key file that is missing or bad.
    public func publisherCurve(of stage: StageName) throws(CurveKeyError) -> PublisherCurve? {
        try curve?.keyring.publisherCurve(as: stage.rawValue)
    }

    /// A subscriber's CURVE keys when the topology has keys: the pair named `name` (a stage's, or
    /// ``CurveKeyring/clientName`` for the tools) and the public key of each stage it subscribes to, by that
    /// stage's connect endpoint. `nil` for plain text.
    ///
    /// - Throws: ``CurveKeyError`` naming the key file that is missing or bad; ``TopologyError`` for a stage
    ///   not in the topology.
    public func subscriberCurve(as name: String, to stages: [StageName]) throws -> SubscriberCurve? {
        guard let keyring = curve?.keyring else { return nil }
        var serverKeys: [String: String] = [:]
        for stage in stages {
            serverKeys[try endpoints(of: stage).connect.description] = try keyring.publicKey(of: stage.rawValue)
        }
        return SubscriberCurve(clientKeys: try keyring.keyPair(of: name), serverKeys: serverKeys)
    }
}
