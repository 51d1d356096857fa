import Foundation
import OODACore
import OODARuntime
import OODATestSupport
import Testing
import ZeroMQ

/// The keys directory of a CURVE bus: ZeroMQ's certificate files, read and written as pyzmq does, and the
/// keys a topology's processes take from it.
@Suite struct CurveKeyringTests {
    /// A secret certificate exactly as pyzmq 27.3 (`zmq.auth.create_certificates`) wrote it.
    static let pyzmqSecret = """
        #   ****  Generated on 2026-11-25 16:02:10.909329 by pyzmq  ****
        #   ZeroMQ CURVE **Secret** Certificate
        #   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.

        metadata
        curve
            public-key = "B1$.d)<v?+am8UJACHJ9Wezw}E)xu*L[Zq]}+)nZ"
            secret-key = "Z-9{jr<{up8KnG25jgs[PB+4)zsv4Jbg)N3TeimA"

        """

    @Test func aCertificateWrittenByPyzmqIsRead() throws {
        let certificate = try CurveCertificate(text: Self.pyzmqSecret, file: "service.key_secret")
        #expect(certificate.publicKey == "B1$.d)<v?+am8UJACHJ9Wezw}E)xu*L[Zq]}+)nZ")
        #expect(certificate.secretKey == "Z-9{jr<{up8KnG25jgs[PB+4)zsv4Jbg)N3TeimA")
    }

    @Test func aWrittenCertificateReadsBack() throws {
        let pair = try ZMQCurveKeyPair.generate()
        let secret = CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey)
        let text = secret.text(generatedAt: Date(timeIntervalSince1970: 0))
        #expect(text.contains("#   ZeroMQ CURVE **Secret** Certificate\n"))
        #expect(try CurveCertificate(text: text, file: "x.key_secret") == secret)
        let publicOnly = CurveCertificate(publicKey: pair.publicKey)
        #expect(!publicOnly.text(generatedAt: Date()).contains("secret-key"))
        #expect(try CurveCertificate(text: publicOnly.text(generatedAt: Date()), file: "x.key") == publicOnly)
    }

    @Test(
        arguments: [
            ("metadata\ncurve\n", nil, "no public-key line; is this a ZeroMQ CURVE certificate?"),
            ("curve\n    public-key = \"short\"\n", 2, "the public-key is not 40 Z85 characters"),
            (
                "curve\n    public-key = \"B1$.d)<v?+am8UJACHJ9Wezw}E)xu*L[Zq]}+)nZ\"\n"
                    + "    secret-key = \"Z-9{jr<{up8KnG25jgs[PB+4)zsv4Jbg)N3Teim\\\"\"\n",
                3, "the secret-key is not 40 Z85 characters"
            ),
            (
                "curve\n    public-key = \"B1$.d)<v?+am8UJACHJ9Wezw}E)xu*L[Zq]}+)nZ\"\n"
                    + "    secret-key = \"Z-9{jr<{up8KnG25jgs[PB+4)zsv4Jbg)N3TeimB\"\n",
                2, "the public-key is not the public half of the secret-key; make the pair again"
            ),
        ] as [(String, Int?, String)]
    )
    func aBadCertificateIsRefusedNamingFileAndLine(text: String, line: Int?, message: String) {
        #expect(throws: CurveKeyError(file: "bad.key_secret", line: line, message)) {
            try CurveCertificate(text: text, file: "bad.key_secret")
        }
    }

    @Test func generateMakesAPairPerNameKeepsWhatIsThereAndGuardsTheSecrets() throws {
        let directory = try makeTemporaryDirectory().appendingPathComponent("keys").path
        let keyring = CurveKeyring(directory: directory)
        let first = try keyring.generate(names: CurveKeyring.defaultNames)
        #expect(first.map(\.0) == ["observe", "orient", "decide", "act", "client"])
        let mode = { (path: String) in
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(directory) == 0o700)
        #expect(try mode("\(directory)/decide.key_secret") == 0o600)
        #expect(keyring.exposure(of: "decide") == nil)
        let decide = try keyring.keyPair(of: "decide")
        #expect(try keyring.publicKey(of: "decide") == decide.publicKey)
        #expect(try ZMQCurveKeyPair.publicKey(forSecret: decide.secretKey) == decide.publicKey)
        #expect(try keyring.authorizedKeys().count == 5)

        // Again: nothing replaced; a removed public certificate is written again from its secret.
        try FileManager.default.removeItem(atPath: "\(directory)/decide.key")
        let second = try keyring.generate(names: ["decide", "service"])
        #expect(
            second.map(\.1) == [
                .kept(publicKey: decide.publicKey), .made(publicKey: try keyring.publicKey(of: "service")),
            ]
        )
        #expect(try keyring.keyPair(of: "decide") == decide)
        #expect(try keyring.authorizedKeys().count == 6)

        chmod("\(directory)/act.key_secret", 0o644)
        #expect(keyring.exposure(of: "act")?.contains("`chmod 600` it") == true)
    }

    @Test func theListSaysWhoCanRunAsWhomAndWhoIsAdmitted() throws {
        let directory = try makeTemporaryDirectory().appendingPathComponent("keys").path
        let keyring = CurveKeyring(directory: directory)
        _ = try keyring.generate(names: ["decide", "laptop"])
        try FileManager.default.removeItem(atPath: "\(directory)/laptop.key")
        try CurveCertificate(publicKey: try ZMQCurveKeyPair.generate().publicKey).text(generatedAt: Date())
            .write(toFile: "\(directory)/dashboard.key", atomically: true, encoding: .utf8)
        let entries = try keyring.entries()
        #expect(entries.map(\.name) == ["dashboard", "decide", "laptop"])
        #expect(entries.map(\.hasSecret) == [false, true, true])
        #expect(entries.map(\.admitted) == [true, true, false])
        #expect(entries[1].publicKey == (try keyring.keyPair(of: "decide").publicKey))
        #expect(
            throws: CurveKeyError(
                file: "\(directory)/none",
                line: nil,
                "no such directory; make the keys with `ooda keys generate \(directory)/none`"
            )
        ) { try CurveKeyring(directory: "\(directory)/none").entries() }
    }

    @Test func aMissingKeySaysHowToMakeIt() throws {
        let directory = try makeTemporaryDirectory().path
        let keyring = CurveKeyring(directory: directory)
        #expect(
            throws: CurveKeyError(
                file: "\(directory)/decide.key_secret",
                line: nil,
                "no such file; make the keys with `ooda keys generate \(directory)`"
            )
        ) { try keyring.keyPair(of: "decide") }
        #expect(throws: CurveKeyError.self) { try keyring.authorizedKeys() }
    }

    @Test func aTopologysProcessesTakeTheirKeysFromItsDirectory() throws {
        let directory = try makeTemporaryDirectory().path
        let keyring = CurveKeyring(directory: "\(directory)/keys")
        _ = try keyring.generate(names: CurveKeyring.defaultNames)
        let topology = try Topology.parse(
            text: """
                curve: {keys: \(directory)/keys}
                stages:
                  orient: {publish: "tcp://*:5552"}
                  decide: {publish: "tcp://*:5553", connect: "tcp://decide.local:5553"}
                """,
            file: "t.yml"
        )
        let publisher = try #require(try topology.publisherCurve(of: .decide))
        #expect(publisher.keys == (try keyring.keyPair(of: "decide")))
        #expect(publisher.authorized == (try keyring.authorizedKeys()))
        let subscriber = try #require(try topology.subscriberCurve(as: "client", to: [.orient, .decide]))
        #expect(subscriber.clientKeys == (try keyring.keyPair(of: "client")))
        #expect(
            subscriber.serverKeys == [
                "tcp://127.0.0.1:5552": try keyring.publicKey(of: "orient"),
                "tcp://decide.local:5553": try keyring.publicKey(of: "decide"),
            ]
        )
        try topology.checkCurveKeys()
        try FileManager.default.removeItem(atPath: "\(directory)/keys/client.key_secret")
        #expect(throws: CurveKeyError.self) { try topology.checkCurveKeys() }
    }
}
