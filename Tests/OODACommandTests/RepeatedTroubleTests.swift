import Foundation
import OODATestSupport
import Testing

/// A stage in trouble, as an operator reading the launcher's output at 3 a.m. sees it: trouble that repeats
/// every cycle makes one line when it starts, not one a cycle; trouble at start stops the stage before it
/// starts anything.
@Suite(.serialized) struct RepeatedTroubleTests {
    /// `ooda observe` at a 20 ms interval scraping one target on a local port, and the directory it runs in.
    private func observe(scraping port: Int, name: String, settings: String = "") throws -> (OODAProcess, URL) {
        let directory = try makeTemporaryDirectory()
        let file = directory.appendingPathComponent("observe.yml").path
        try """
        logs: {directory: \(directory.path)/events}
        stages:
          observe:
            publish: ipc://\(directory.path)/o.sock
            interval: 20ms
        \(settings)
            scrape:
              - url: http://127.0.0.1:\(port)/metrics
                name: \(name)
                timeoutMillis: 2000
                mappings: [{field: cpu_usage, series: process_cpu}]
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return (try OODAProcess(["observe", "--topology", file], in: directory, name: "observe"), directory)
    }

    /// How many observations observe's log holds.
    private func observations(in directory: URL) -> Int {
        let log = try? String(contentsOfFile: "\(directory.path)/events/observe/00000001.jsonl", encoding: .utf8)
        return (log?.components(separatedBy: #""kind":"observation""#).count ?? 1) - 1
    }

    @Test func aScrapeTargetThatStaysDownIsLoggedOnceAndTheStageGoesOn() async throws {
        // A port nothing listens on: every scrape is refused at once.
        let closed = try freePort()
        let (observe, directory) = try observe(
            scraping: closed,
            name: "app",
            settings: "    push: true\n    metrics: 127.0.0.1:0"
        )
        try await eventually(.seconds(30), "observe ready") { observe.output.contains("ooda-stage-ready") }
        // Fifty cycles with the target down.
        try await eventually(.seconds(30), "fifty observations in observe's log") { observations(in: directory) >= 50 }
        observe.signal(SIGTERM)
        #expect(try await observe.wait() == 0)
        let downs = observe.errors.components(separatedBy: "source down").count - 1
        #expect(downs == 1, "\(observe.errors)")
        #expect(observe.errors.contains("source=app"))
        #expect(observe.errors.contains("\(closed)/metrics: the target cannot be reached"), "\(observe.errors)")
    }

    @Test func stoppingDuringAScrapeIsNotASourceGoingDown() async throws {
        // A target that accepts and never answers: every scrape runs to its timeout.
        let (silent, port) = loopbackSocket(listening: true)
        defer { close(silent) }
        let (observe, directory) = try observe(scraping: port, name: "slow")
        // The first scrape times out; the next has begun (the interval is 20 ms) when the stage is stopped.
        try await eventually(.seconds(30), "the first timeout") { observe.errors.contains("source down") }
        observe.signal(SIGTERM)
        #expect(try await observe.wait() == 0)
        #expect(observe.errors.components(separatedBy: "source down").count - 1 == 1, "\(observe.errors)")
        #expect(!observe.errors.contains("CancellationError"), "\(observe.errors)")
        #expect(observations(in: directory) == 1, "one observation, from the one cycle that ended")
    }

    @Test func aMetricsPortAlreadyTakenStopsTheStageBeforeItStartsAnything() async throws {
        let directory = try makeTemporaryDirectory()
        let file = directory.appendingPathComponent("orient.yml").path
        let (taken, port) = loopbackSocket(listening: true)
        defer { close(taken) }
        try """
        logs: {directory: \(directory.path)/events}
        stages:
          orient: {publish: "ipc://\(directory.path)/r.sock", metrics: "127.0.0.1:\(port)"}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await runOODA(["orient", "--topology", file], in: directory)
        #expect(result.status != 0)
        #expect(result.errors.contains("127.0.0.1:\(port): the metrics endpoint stopped"), "\(result.errors)")
        // Not ready, and no log opened: the launcher does not go on to start the stages upstream of it.
        #expect(!result.output.contains("ooda-stage-ready"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/events/orient"))
    }
}
