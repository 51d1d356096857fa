import Foundation
import OODATestSupport
import Testing
import ZeroMQ

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The bus under CURVE, as an operator sets it up with `ooda keys generate` and `curve.keys` in the topology:
/// the loop runs, the tools read it with the client key, and whoever has no key, or a key not in the
/// directory, is kept out and told why.
@Suite(.serialized) struct CurveEndToEndTests {
    static func topology(in directory: URL, keys: String) -> String {
        """
        name: curve-e2e
        logs: {directory: \(directory.path)/events, fsync: group}
        heartbeat: 200ms
        curve: {keys: \(keys)}
        stages:
          observe:
            publish: ipc://\(directory.path)/o.sock
            interval: 20ms
            simulation: {spikeStart: 1s, spikeLength: 3s, noise: 0.01}
            pushEndpoint: ipc://\(directory.path)/push.sock
          orient:
            publish: ipc://\(directory.path)/r.sock
          decide:
            publish: ipc://\(directory.path)/d.sock
            metrics: 127.0.0.1:0
            mode: aggressive
          act:
            publish: ipc://\(directory.path)/a.sock
            actuator: mock
        """
    }

    /// The `public-key` or `secret-key` of a certificate file.
    static func key(_ name: String, in file: URL) throws -> String {
        let text = try String(contentsOf: file, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains("\(name) = ") })
        return String(line.split(separator: "\"")[1])
    }

    @Test func aCurveLoopRunsAndAdmitsOnlyTheKeysInItsDirectory() async throws {
        let directory = try makeTemporaryDirectory()
        let keys = directory.appendingPathComponent("keys")
        let made = try await runOODA(["keys", "generate", keys.path], in: directory)
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.output.contains("made decide: public key "))
        // An operator's own pair, admitted by the stages (its `.key` is in their directory when they start).
        #expect(try await runOODA(["keys", "generate", keys.path, "laptop"], in: directory).status == 0)
        let file = directory.appendingPathComponent("topology.yml").path
        try Self.topology(in: directory, keys: keys.path).write(toFile: file, atomically: true, encoding: .utf8)

        let launcher = try OODAProcess(["launch", file, "--status-interval", "0"], in: directory, name: "launch")
        // The tap of the topology subscribes with the client key, and reads the loop.
        let tap = try OODAProcess(["tap", "--topology", file, "--json"], in: directory, name: "tap")
        try await eventually(.seconds(60), "decisions and outcomes at the tap") {
            tap.output.contains(#""kind":"decision""#) && tap.output.contains(#""kind":"actionOutcome""#)
        }

        // A tap on one endpoint with the operator's pair, checking the publisher against decide.key.
        let laptop = try OODAProcess(
            [
                "tap", "--endpoint", "decide=ipc://\(directory.path)/d.sock", "--keys", keys.path, "--as", "laptop",
                "--kind", "decision",
            ],
            in: directory,
            name: "laptop"
        )
        try await eventually(.seconds(30), "decisions at the operator's tap") { laptop.output.contains(" decision ") }
        // Without the publisher's name there is no key to check it against: said, with the form to use.
        let unnamed = try await runOODA(
            ["tap", "--endpoint", "ipc://\(directory.path)/d.sock", "--keys", keys.path],
            in: directory
        )
        #expect(unnamed.status != 0)
        #expect(unnamed.errors.contains("--endpoint decide=ipc://\(directory.path)/d.sock"), "\(unnamed.errors)")

        // A tap with no keys is told the publisher wants CURVE, and reads nothing.
        let plain = try OODAProcess(
            ["tap", "--endpoint", "ipc://\(directory.path)/d.sock"],
            in: directory,
            name: "plain"
        )
        try await eventually(.seconds(30), "the plain tap told why") {
            plain.output.contains("!! handshake: ipc://\(directory.path)/d.sock: the publisher uses CURVE")
        }

        // A tap whose own key is not in the stages' directory (the stages' public certificates copied, as on
        // another machine) is refused, and decide says so once.
        let elsewhere = directory.appendingPathComponent("elsewhere")
        #expect(try await runOODA(["keys", "generate", elsewhere.path, "client"], in: directory).status == 0)
        for stage in ["observe", "orient", "decide", "act"] {
            try FileManager.default.copyItem(
                at: keys.appendingPathComponent("\(stage).key"),
                to: elsewhere.appendingPathComponent("\(stage).key")
            )
        }
        let strangerFile = directory.appendingPathComponent("stranger.yml").path
        try Self.topology(in: directory, keys: elsewhere.path).write(
            toFile: strangerFile,
            atomically: true,
            encoding: .utf8
        )
        let stranger = try OODAProcess(["tap", "--topology", strangerFile], in: directory, name: "stranger")
        try await eventually(.seconds(30), "the stranger refused") {
            stranger.output.contains("refused this subscriber's key (status 400)")
                && launcher.errors.contains("refused a subscriber whose key is not authorized")
        }
        #expect(!stranger.output.contains(" decision "))
        // …and counts it where an alert can see it (at its next heartbeat).
        let decideLog = launcher.errors.split(separator: "\n").filter { $0.hasPrefix("[decide]") }.joined(
            separator: "\n"
        )
        let port = try #require(PublicationAgeTests.metricsPort(in: decideLog))
        try await eventually(.seconds(30), "the refusals in decide's metrics") {
            let text = try PublicationAgeTests.scrape(port: port)
            let prefix = #"ooda_bus_refused_total{stage="decide"} "#
            return text.split(separator: "\n").contains {
                $0.hasPrefix(prefix) && (Double($0.dropFirst(prefix.count)) ?? 0) >= 1
            }
        }

        // A service pushes metrics with the client key and observe's public key; one without keys is not heard.
        let context = try ZMQContext()
        let push = try ZMQSocket(context, type: .push, linger: .seconds(1))
        try push.set(.curveServerKey, try Self.key("public-key", in: keys.appendingPathComponent("observe.key")))
        let client = keys.appendingPathComponent("client.key_secret")
        try push.set(.curvePublicKey, try Self.key("public-key", in: client))
        try push.set(.curveSecretKey, try Self.key("secret-key", in: client))
        try push.connect("ipc://\(directory.path)/push.sock")
        let intruder = try ZMQSocket(context, type: .push, linger: .zero)
        try intruder.connect("ipc://\(directory.path)/push.sock")
        _ = try intruder.send(Array(#"{"metrics":{"psi_index":0.123456}}"#.utf8), blocking: false)
        try await eventually(.seconds(30), "the admitted push in an observation") {
            _ = try push.send(Array(#"{"metrics":{"omega_score":0.654321}}"#.utf8), blocking: false)
            return tap.output.contains("0.654321")
        }
        #expect(!tap.output.contains("0.123456"))
        push.close()
        intruder.close()

        for child in [tap, plain, stranger, laptop] { child.signal(SIGINT) }
        launcher.signal(SIGTERM)
        #expect(try await launcher.wait(limit: .seconds(60)) == 0, "\(launcher.errors.suffix(2000))")
        for child in [tap, plain, stranger, laptop] { try await child.wait() }
        let replay = try await runOODA(["replay", "\(directory.path)/events"], in: directory)
        #expect(replay.status == 0, "\(replay.output)\(replay.errors)")
    }

    @Test func launchNamesTheKeyFileThatIsMissing() async throws {
        let directory = try makeTemporaryDirectory()
        let keys = directory.appendingPathComponent("keys")
        #expect(
            try await runOODA(["keys", "generate", keys.path, "observe", "orient", "act", "client"], in: directory)
                .status == 0
        )
        let file = directory.appendingPathComponent("topology.yml").path
        try Self.topology(in: directory, keys: keys.path).write(toFile: file, atomically: true, encoding: .utf8)
        let launch = try await runOODA(["launch", file, "--status-interval", "0"], in: directory)
        #expect(launch.status != 0)
        #expect(
            launch.errors.contains(
                "\(keys.path)/decide.key_secret: no such file; make the keys with `ooda keys generate \(keys.path)`"
            ),
            "\(launch.errors)"
        )
        #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/events"), "no stage started")
    }
}
