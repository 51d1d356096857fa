import Foundation
import OODATestSupport
import Testing

/// A stage keeps its log within `logs.retainBytes`, and starts every new segment with its run re-announced
/// (`StageStarted` with `continued`), on the bus as in the log, so what is left can be replayed on its own.
@Suite(.serialized) struct LogRetentionTests {
    @Test func aStageRemovesItsOldestSegmentsAndReannouncesItsRunInEachNewOne() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("loop.yml").path
        let endpoint = "ipc://\(directory.path)/o.sock"
        try """
        logs: {directory: \(directory.path)/events, segmentBytes: 16384, retainBytes: 40000}
        stages:
          observe: {publish: "\(endpoint)", interval: 5ms, simulation: {}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let observe = try OODAProcess(["observe", "--topology", file], in: directory, name: "observe")
        defer { observe.signal(SIGKILL) }
        let tap = try OODAProcess(
            ["tap", "--endpoint", endpoint, "--kind", "stageStarted", "--json"],
            in: directory,
            name: "tap"
        )
        defer { tap.signal(SIGKILL) }
        let log = "\(directory.path)/events/observe"
        // None until observe has created its log.
        let segments = {
            ((try? FileManager.default.contentsOfDirectory(atPath: log)) ?? []).filter { $0.hasSuffix(".jsonl") }
        }
        try await eventually(.seconds(30), "observe's oldest segments removed") {
            segments().sorted().first.map { $0 > "00000003.jsonl" } ?? false
        }
        try await eventually(.seconds(30), "the tap showing a re-announced run") {
            tap.output.contains(#""continued":true"#)
        }
        observe.signal(SIGTERM)
        #expect(try await observe.wait() == 0)

        // Within the budget, give or take the segment being written.
        let sizes = try segments().map { name in
            try FileManager.default.attributesOfItem(atPath: "\(log)/\(name)")[.size] as? Int ?? 0
        }
        #expect(sizes.reduce(0, +) <= 40000 + 16384)
        // Every segment left starts with the run re-announced.
        for name in segments() {
            let text = try String(contentsOfFile: "\(log)/\(name)", encoding: .utf8)
            let first = text.prefix { $0 != "\n" }
            #expect(first.contains(#""kind":"stageStarted""#) && first.contains(#""continued":true"#), "\(name)")
        }
        let verify = try await runOODA(["log", "verify", "\(directory.path)/events"], in: directory)
        #expect(verify.status == 0, "\(verify.output)\(verify.errors)")
        #expect(verify.output.contains("were removed; the chain is checked from record"))
    }
}
