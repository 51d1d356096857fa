import Foundation
import OODARuntime
import OODATestSupport
import Testing

/// `ooda tap --endpoint NAME=ENDPOINT --keys DIR`: the name says which publisher's certificate to check.
@Suite struct TapEndpointTests {
    @Test(
        arguments: [
            ("decide=tcp://10.0.0.5:5553", "decide", "tcp://10.0.0.5:5553"),
            ("tcp://10.0.0.5:5553", nil, "tcp://10.0.0.5:5553"),
            ("ipc:///tmp/a=b.sock", nil, "ipc:///tmp/a=b.sock"),
            ("act=ipc:///tmp/a=b.sock", "act", "ipc:///tmp/a=b.sock"),
            ("=tcp://h:1", nil, "=tcp://h:1"),
        ] as [(String, String?, String)]
    )
    func anEndpointMayNameItsPublisher(text: String, name: String?, endpoint: String) {
        #expect(TapEndpoint(parsing: text) == TapEndpoint(name: name, endpoint: endpoint))
    }

    @Test func aCurveTapChecksEachNamedPublisherAgainstItsCertificate() throws {
        let keyring = CurveKeyring(directory: try makeTemporaryDirectory().path)
        _ = try keyring.generate(names: ["decide", "act", "laptop"])
        let curve = try SubscriberCurve.tap(
            [
                TapEndpoint(name: "decide", endpoint: "tcp://h:5553"),
                TapEndpoint(name: "act", endpoint: "tcp://h:5554"),
            ],
            keyring: keyring,
            as: "laptop"
        )
        #expect(curve.clientKeys == (try keyring.keyPair(of: "laptop")))
        #expect(
            curve.serverKeys == [
                "tcp://h:5553": try keyring.publicKey(of: "decide"), "tcp://h:5554": try keyring.publicKey(of: "act"),
            ]
        )
        #expect(throws: TapEndpointError.self) {
            _ = try SubscriberCurve.tap([TapEndpoint(endpoint: "tcp://h:5553")], keyring: keyring, as: "laptop")
        }
        // A publisher whose certificate is not in the directory: the missing file is named.
        let missing = #expect(throws: CurveKeyError.self) {
            _ = try SubscriberCurve.tap(
                [TapEndpoint(name: "orient", endpoint: "tcp://h:5552")],
                keyring: keyring,
                as: "laptop"
            )
        }
        #expect("\(missing.map { "\($0)" } ?? "")".contains("orient.key"))
    }
}
