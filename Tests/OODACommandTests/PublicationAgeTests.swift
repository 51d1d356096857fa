import Foundation
import OODATestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The loop's latency as an SRE reads it: each stage's `/metrics` histogram of how old its messages are when
/// it publishes them, from the event time of the observation they derive from.
@Suite(.serialized) struct PublicationAgeTests {
    @Test func observeAndOrientExportTheAgeOfWhatTheyPublish() async throws {
        let directory = try makeTemporaryDirectory()
        let file = directory.appendingPathComponent("loop.yml").path
        try """
        logs: {directory: \(directory.path)/events}
        stages:
          observe: {publish: "ipc://\(directory.path)/o.sock", interval: 20ms, simulation: {}, metrics: "127.0.0.1:0"}
          orient: {publish: "ipc://\(directory.path)/r.sock", metrics: "127.0.0.1:0"}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let observe = try OODAProcess(["observe", "--topology", file], in: directory, name: "observe")
        let orient = try OODAProcess(["orient", "--topology", file], in: directory, name: "orient")
        defer {
            observe.signal(SIGTERM)
            orient.signal(SIGTERM)
        }
        var ports: [String: Int] = [:]
        try await eventually(.seconds(30), "both metrics endpoints listening") {
            ports["observe"] = Self.metricsPort(in: observe.errors)
            ports["orient"] = Self.metricsPort(in: orient.errors)
            return ports.count == 2
        }
        var orientation = Self.Ages(count: 0, sum: 0)
        try await eventually(.seconds(30), "orient publishing orientations") {
            let text = try Self.scrape(port: ports["orient"]!)
            orientation = Self.ages(in: text, stage: "orient", kind: "orientation")
            return orientation.count >= 5
        }
        // Orient publishes within milliseconds of the observation, never before it.
        #expect(orientation.sum > 0)
        #expect(orientation.sum / orientation.count < 1, "mean age \(orientation.sum / orientation.count) s")
        let observed = Self.ages(in: try Self.scrape(port: ports["observe"]!), stage: "observe", kind: "observation")
        #expect(observed.count >= orientation.count)
        // Announcements carry the time they were made, not an observation's: they have no age.
        let orientText = try Self.scrape(port: ports["orient"]!)
        #expect(
            !orientText.contains(#"ooda_event_age_at_publication_seconds_count{stage="orient",kind="stageStarted"}"#)
        )
        #expect(!orientText.contains(#"ooda_event_age_at_publication_seconds_count{stage="orient",kind="heartbeat"}"#))
        observe.signal(SIGTERM)
        orient.signal(SIGTERM)
        #expect(try await orient.wait() == 0)
        #expect(try await observe.wait() == 0)
    }

    struct Ages {
        var count: Double
        var sum: Double
    }

    /// The port a stage logged its metrics endpoint listening on.
    static func metricsPort(in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.contains("metrics endpoint listening") {
            guard let range = line.range(of: "port=") else { continue }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        return nil
    }

    static func scrape(port: Int) throws -> String {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        return String(decoding: data, as: UTF8.self)
    }

    static func ages(in text: String, stage: String, kind: String) -> Ages {
        func value(_ suffix: String) -> Double {
            let prefix = #"ooda_event_age_at_publication_seconds_\#(suffix){stage="\#(stage)",kind="\#(kind)"} "#
            let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            return line.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
        }
        return Ages(count: value("count"), sum: value("sum"))
    }
}
