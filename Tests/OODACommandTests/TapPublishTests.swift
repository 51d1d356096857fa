import Foundation
import OODATestSupport
import Testing

/// `ooda tap` and `ooda publish` as a user runs them: two processes over ipc and tcp.
@Suite(.serialized) struct TapPublishTests {
    static let observation =
        #"{"kind":"observation","body":{"samples":[{"name":"cpu_usage","value":0.93,"source":"cli"}]}}"#

    @Test(arguments: ["ipc", "tcp"])
    func tapPrintsWhatPublishSent(transport: String) async throws {
        let directory = try makeTemporaryDirectory()
        let endpoint = transport == "ipc" ? "ipc://\(directory.path)/bus.sock" : "tcp://127.0.0.1:\(try freePort())"
        let tap = try OODAProcess(["tap", "--endpoint", endpoint, "--json"], in: directory, name: "tap")
        try await eventually(.seconds(30), "tap to start") { tap.errors.contains("tapping") }
        let sent = try await runOODA(["publish", "--endpoint", endpoint, Self.observation], in: directory)
        #expect(sent.status == 0, "\(sent.errors)")
        try await eventually(.seconds(30), "the observation in the tap") { tap.output.contains("cpu_usage") }
        let line = try #require(tap.output.split(separator: "\n").first { $0.contains("cpu_usage") })
        let envelope = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(envelope?["kind"] as? String == "observation")
        #expect(envelope?["source"] as? String == "publish")
        #expect(envelope?["sequence"] as? Int == 1)
        tap.signal(SIGINT)
        try await tap.wait()
    }

    /// `ooda publish --keys K --as decide` publishes as decide does under CURVE: a tap with an admitted pair reads
    /// it; a tap whose key is not in K is refused, and publish names that key when it gives up waiting for it.
    @Test func aCurvePublishReachesOnlyAdmittedSubscribers() async throws {
        let directory = try makeTemporaryDirectory()
        let keys = directory.appendingPathComponent("keys").path
        let elsewhere = directory.appendingPathComponent("elsewhere").path
        #expect(try await runOODA(["keys", "generate", keys], in: directory).status == 0)
        #expect(try await runOODA(["keys", "generate", elsewhere, "stranger"], in: directory).status == 0)
        try FileManager.default.copyItem(atPath: "\(keys)/decide.key", toPath: "\(elsewhere)/decide.key")
        let endpoint = "ipc://\(directory.path)/bus.sock"
        let tap = try OODAProcess(
            ["tap", "--endpoint", "decide=\(endpoint)", "--keys", keys, "--json"],
            in: directory,
            name: "tap"
        )
        try await eventually(.seconds(30), "tap to start") { tap.errors.contains("tapping") }
        let sent = try await runOODA(
            ["publish", "--endpoint", endpoint, "--keys", keys, "--as", "decide", Self.observation],
            in: directory
        )
        #expect(sent.status == 0, "\(sent.errors)")
        try await eventually(.seconds(30), "the observation in the tap") { tap.output.contains("cpu_usage") }

        let stranger = try OODAProcess(
            ["tap", "--endpoint", "decide=\(endpoint)", "--keys", elsewhere, "--as", "stranger"],
            in: directory,
            name: "stranger"
        )
        try await eventually(.seconds(30), "the stranger's tap to start") { stranger.errors.contains("tapping") }
        let strangerKey = try #require(
            try await runOODA(["keys", "list", elsewhere], in: directory).output.split(separator: "\n")
                .first { $0.hasPrefix("stranger") }?.split(separator: " ", omittingEmptySubsequences: true)
                .dropFirst().first
        )
        let waited = try await runOODA(
            [
                "publish", "--endpoint", endpoint, "--keys", keys, "--as", "decide", "--subscribers", "2", "--timeout",
                "5", Self.observation,
            ],
            in: directory
        )
        #expect(waited.status != 0)
        #expect(waited.errors.contains("refused subscribers whose keys are not in the keys directory: \(strangerKey)"))
        #expect(!stranger.output.contains("cpu_usage"))
        for child in [tap, stranger] {
            child.signal(SIGINT)
            try await child.wait()
        }
    }

    @Test func aRestartedPublisherShowsAsANewEpochNotASilentGap() async throws {
        let directory = try makeTemporaryDirectory()
        let endpoint = "ipc://\(directory.path)/bus.sock"
        let tap = try OODAProcess(["tap", "--endpoint", endpoint], in: directory, name: "tap")
        try await eventually(.seconds(30), "tap to start") { tap.errors.contains("tapping") }
        for _ in 1...2 {
            let sent = try await runOODA(["publish", "--endpoint", endpoint, Self.observation], in: directory)
            #expect(sent.status == 0, "\(sent.errors)")
        }
        try await eventually(.seconds(30), "two observations in the tap") {
            tap.output.components(separatedBy: "publish observation #1").count == 3
        }
        #expect(tap.output.contains("!! restart: publish restarted"))
        #expect(!tap.output.contains("!! gap"))
        tap.signal(SIGINT)
        try await tap.wait()
    }

    @Test func aTapWithNothingToListenToWaitsAndSaysSo() async throws {
        let directory = try makeTemporaryDirectory()
        let tap = try OODAProcess(
            ["tap", "--endpoint", "ipc://\(directory.path)/nobody.sock"],
            in: directory,
            name: "tap"
        )
        try await eventually(.seconds(30), "the waiting notice") { tap.errors.contains("waiting: nothing received") }
        #expect(tap.process.isRunning)
        tap.signal(SIGINT)
        try await tap.wait()
    }

    @Test func anInvalidEndpointIsAnErrorThatNamesIt() async throws {
        let directory = try makeTemporaryDirectory()
        let tap = try await runOODA(["tap", "--endpoint", "bogus://nowhere"], in: directory)
        #expect(tap.status != 0)
        #expect(tap.errors.contains("bogus://nowhere"), "\(tap.errors)")
        let publish = try await runOODA(["publish", "--endpoint", "bogus://nowhere", Self.observation], in: directory)
        #expect(publish.status != 0)
        #expect(publish.errors.contains("bogus://nowhere"), "\(publish.errors)")
    }

    @Test func aMalformedMessageIsRefusedWithWhereAndWhy() async throws {
        let directory = try makeTemporaryDirectory()
        let result = try await runOODA(
            [
                "publish", "--endpoint", "ipc://\(directory.path)/x.sock", "--subscribers", "0",
                #"{"kind":"decision","body":{}}"#,
            ],
            in: directory
        )
        #expect(result.status != 0)
        #expect(result.errors.contains("argument 1"), "\(result.errors)")
        #expect(result.errors.contains("missing field"), "\(result.errors)")
    }
}

/// A TCP port on loopback that nothing listens on right now.
func freePort() throws -> Int {
    let (socket, port) = loopbackSocket(listening: false)
    close(socket)
    return port
}

/// A TCP socket bound to a loopback port the system chose, listening when asked, and that port. The caller
/// closes it.
func loopbackSocket(listening: Bool) -> (descriptor: Int32, port: Int) {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
    }
    if listening { _ = listen(socket, 8) }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    return (socket, Int(UInt16(bigEndian: address.sin_port)))
}
