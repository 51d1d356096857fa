import Foundation
import OODATestSupport
import Testing
import ZeroMQ

/// A service pushing samples to a running `ooda observe` over ZeroMQ, as the wire format documents.
@Suite(.serialized) struct PushIngestionTests {
    @Test func pushedSamplesAppearInTheNextObservationAndBadOnesAreRefused() async throws {
        let directory = try makeTemporaryDirectory()
        let file = directory.appendingPathComponent("observe.yml").path
        try """
        logs: {directory: \(directory.path)/events}
        stages:
          observe:
            publish: ipc://\(directory.path)/o.sock
            interval: 50ms
            pushEndpoint: ipc://\(directory.path)/push.sock
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let observe = try OODAProcess(["observe", "--topology", file], in: directory, name: "observe")
        try await eventually(.seconds(30), "observe ready") { observe.output.contains("ooda-stage-ready") }
        let tap = try OODAProcess(
            ["tap", "--endpoint", "ipc://\(directory.path)/o.sock", "--kind", "observation", "--json"],
            in: directory,
            name: "tap"
        )
        // A pushed sample rides in the next observation only, so the tap must be receiving before the push.
        try await eventually(.seconds(30), "the tap receiving") { tap.output.contains(#""kind":"observation""#) }
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .push, linger: .seconds(1))
        try socket.connect("ipc://\(directory.path)/push.sock")
        _ = try socket.send(Array(#"{"metrics":{"omega_score":2.5}}"#.utf8))
        _ = try socket.send(Array(#"{"metrics":{"omega_score":0.91},"labels":{"service":"checkout"}}"#.utf8))
        try await eventually(.seconds(30), "the pushed sample in an observation") {
            tap.output.contains(#""name":"omega_score""#) && tap.output.contains("0.91")
        }
        try await eventually(.seconds(10), "the refusal in observe's log") { observe.errors.contains("push refused") }
        #expect(observe.errors.contains("omega_score"))
        #expect(!tap.output.contains("2.5"))
        socket.close()
        tap.signal(SIGINT)
        observe.signal(SIGTERM)
        #expect(try await observe.wait() == 0)
        try await tap.wait()
    }
}
