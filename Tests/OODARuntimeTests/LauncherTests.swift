import Foundation
import Logging
import OODACore
import OODARuntime
import OODATestSupport
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// The launcher's supervision, with shell scripts standing in for the stages: each script behaves like a
/// stage (prints the ready line, exits 0 on SIGTERM) or misbehaves on purpose, and records what happened to
/// it in a file.
@Suite(.serialized) struct LauncherTests {
    @Test func stagesStartDownstreamFirstAndStopInReverseOrder() async throws {
        let fixture = try FakeStages(behaviour: "")
        let launcher = fixture.launcher()
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await launcher.run() }
                try await fixture.waitUntil(launcher, "every stage ready") { $0.allSatisfy { $0.phase == .ready } }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let events = try fixture.events()
        #expect(
            events.filter { $0.hasPrefix("started") } == ["act", "decide", "orient", "observe"].map { "started \($0)" }
        )
        #expect(
            events.filter { $0.hasPrefix("stopped") } == ["observe", "orient", "decide", "act"].map { "stopped \($0)" }
        )
        for status in launcher.board.snapshot() {
            #expect(status.phase == .stopped(exit: "exit status 0"), "\(status.stage)")
        }
    }

    @Test func aCrashedStageIsRestarted() async throws {
        // decide exits with status 7 after its first ready; its second run stays up.
        let fixture = try FakeStages(
            behaviour: """
                if [ "$1" = decide ] && [ ! -e "$DIR/crashed" ]; then
                  touch "$DIR/crashed"; echo ooda-stage-ready; exit 7
                fi
                """
        )
        let launcher = fixture.launcher()
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await launcher.run() }
                try await fixture.waitUntil(launcher, "decide restarted and every stage ready") { statuses in
                    statuses.allSatisfy { $0.phase == .ready }
                        && statuses.contains { $0.stage == .decide && $0.restarts == 1 }
                }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(try fixture.events().filter { $0 == "started decide" }.count == 2)
    }

    @Test func aStageThatKeepsCrashingIsGivenUpOnWithTheReason() async throws {
        let fixture = try FakeStages(behaviour: #"if [ "$1" = orient ]; then echo "bad config" >&2; exit 3; fi"#)
        let launcher = fixture.launcher()
        let error = await #expect(throws: Launcher.GaveUp.self) {
            try await withTimeout(.seconds(30), "the launcher to give up") { try await launcher.run() }
        }
        let reason = try #require(error).reason
        #expect(reason.contains("orient"))
        #expect(reason.contains("3 times"))
        #expect(reason.contains("exit status 3"))
        let events = try fixture.events()
        // Everything started before orient was stopped cleanly.
        #expect(events.contains("stopped act"))
        #expect(events.contains("stopped decide"))
        #expect(!events.contains("started observe"))
    }
}

/// Four fake stages made of one shell script, in a temp directory.
struct FakeStages {
    let directory: URL
    let script: URL

    init(behaviour: String, name: String = #function) throws {
        directory = try makeTemporaryDirectory(name)
        script = directory.appendingPathComponent("fake-ooda")
        let text = """
            #!/bin/sh
            DIR='\(directory.path)'
            echo "started $1" >> "$DIR/events"
            \(behaviour)
            trap 'echo "stopped $1" >> "$DIR/events"; exit 0' TERM
            echo ooda-stage-ready
            while :; do sleep 1 & wait $!; done
            """
        try text.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
    }

    func launcher() -> Launcher {
        let topology = try! Topology.parse(
            text: """
                stages:
                  observe: {publish: "ipc://\(directory.path)/o.sock"}
                  orient: {publish: "ipc://\(directory.path)/r.sock"}
                  decide: {publish: "ipc://\(directory.path)/d.sock"}
                  act: {publish: "ipc://\(directory.path)/a.sock"}
                """,
            file: "test.yml"
        )
        return Launcher(
            topology: topology,
            configuration: Launcher.Configuration(
                topologyFile: "test.yml",
                executable: script.path,
                restartPolicy: RestartPolicy(
                    initialBackoff: .milliseconds(20),
                    maximumBackoff: .milliseconds(100),
                    stableRun: .seconds(30),
                    maximumFastCrashes: 3
                ),
                gracePeriod: .seconds(5),
                statusInterval: nil
            ),
            logger: Logger(label: "test")
        )
    }

    func events() throws -> [String] {
        try String(contentsOf: directory.appendingPathComponent("events"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    func waitUntil(
        _ launcher: Launcher,
        _ what: String,
        _ condition: @escaping @Sendable ([StageStatus]) -> Bool
    ) async throws {
        let board = launcher.board
        try await withTimeout(.seconds(30), what) {
            for await statuses in board.changes() where condition(statuses) { return }
        }
    }
}
