import Foundation
import Logging
import OODAAct
import OODACore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real child processes (`/bin/sleep`), counted by pid after each action.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ProcessActuatorTests {
    static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    static func configuration(
        initial: Int = 2,
        revisions: [CommandRevision] = []
    ) -> ProcessActuatorConfiguration {
        ProcessActuatorConfiguration(
            command: "/bin/sleep",
            arguments: ["600"],
            revisions: revisions,
            initialReplicas: initial,
            scaling: ReplicaPolicy(minReplicas: 1, maxReplicas: 6),
            gracefulStopSeconds: 2
        )
    }

    static func file(_ path: String) -> String {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map {
            String(decoding: $0.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        } ?? ""
    }

    let logger = Logger(label: "test")

    @Test func startsAndStopsRealReplicas() async throws {
        let actuator = ProcessActuator(configuration: Self.configuration(), logger: logger)
        try await actuator.start()
        let initial = await actuator.pids
        #expect(initial.count == 2)
        #expect(initial.allSatisfy(Self.isAlive))

        let up = await actuator.execute(.scaleUp, decision: EventID(rawValue: "d-1"), targetReplicas: nil)
        let afterUp = await actuator.pids
        #expect(up.success)
        #expect(up.details == "Scaled 2 → 4 replicas")
        #expect(up.state.replicas == 4)
        #expect(afterUp.count == 4)
        #expect(Set(afterUp).count == 4)
        #expect(Array(afterUp.prefix(2)) == initial)
        #expect(afterUp.allSatisfy(Self.isAlive))

        let down = await actuator.execute(.scaleDown, decision: EventID(rawValue: "d-2"), targetReplicas: nil)
        let afterDown = await actuator.pids
        #expect(down.state.replicas == 3)
        #expect(afterDown == Array(afterUp.prefix(3)))
        #expect(!Self.isAlive(afterUp[3]), "the newest replica is the one stopped")

        await actuator.shutdown()
        #expect(await actuator.pids.isEmpty)
        #expect(!afterDown.contains(where: Self.isAlive))
    }

    @Test func reportsAKilledReplicaInTheNextOutcome() async throws {
        let actuator = ProcessActuator(configuration: Self.configuration(initial: 3), logger: logger)
        try await actuator.start()
        let victim = try #require(await actuator.pids.first)
        kill(victim, SIGKILL)
        let exit = try await Self.firstExit(of: actuator)
        #expect(exit.pid == victim)
        #expect(!exit.requested)

        let next = await actuator.execute(.noop, decision: EventID(rawValue: "d-1"), targetReplicas: nil)
        #expect(next.state.lostReplicas == 1)
        #expect(next.state.replicas == 2)
        #expect(next.details.contains("1 replica(s) died"))
        #expect(await actuator.pids.count == 2)
        let after = await actuator.execute(.noop, decision: EventID(rawValue: "d-2"), targetReplicas: nil)
        #expect(after.state.lostReplicas == 0)
        await actuator.shutdown()
    }

    @Test func rollsBackToThePreviousCommandAndRetunesThroughTheEnvironment() async throws {
        let previous = CommandRevision(command: "/bin/sleep", arguments: ["601"])
        let actuator = ProcessActuator(configuration: Self.configuration(revisions: [previous]), logger: logger)
        try await actuator.start()
        let before = await actuator.pids
        #expect(await actuator.currentState().revision == 2)

        let rollback = await actuator.execute(.rollback, decision: EventID(rawValue: "d-1"), targetReplicas: nil)
        let rolled = await actuator.pids
        #expect(rollback.success)
        #expect(rollback.state.revision == 1)
        #expect(rolled.count == 2)
        #expect(Set(rolled).isDisjoint(with: before))
        #expect(!before.contains(where: Self.isAlive))
        #expect(rolled.allSatisfy { Self.file("/proc/\($0)/cmdline").contains("601") })

        let again = await actuator.execute(.rollback, decision: EventID(rawValue: "d-2"), targetReplicas: nil)
        #expect(!again.success)

        let retune = await actuator.execute(.retune, decision: EventID(rawValue: "d-3"), targetReplicas: nil)
        let retuned = await actuator.pids
        #expect(retune.success)
        #expect(retune.state.tuning["eta"] == 0.08)
        #expect(Set(retuned).isDisjoint(with: rolled))
        #expect(retuned.allSatisfy { Self.file("/proc/\($0)/environ").contains("OODA_TUNING_ETA=0.08") })
        await actuator.shutdown()
    }

    @Test func failsClearlyWhenTheCommandCannotStart() async throws {
        var configuration = Self.configuration()
        configuration.command = "/nonexistent/ooda-replica"
        let actuator = ProcessActuator(configuration: configuration, logger: logger)
        await #expect(throws: ActuatorError.self) { try await actuator.start() }
        let result = await actuator.execute(.scaleUp, decision: EventID(rawValue: "d-1"), targetReplicas: nil)
        #expect(!result.success)
        #expect(result.details.contains("/nonexistent/ooda-replica"))
        #expect(result.state.replicas == 0)
        await actuator.shutdown()
    }

    /// The first replica exit the actuator reports, waited for with a bound.
    static func firstExit(of actuator: ProcessActuator) async throws -> ReplicaExit {
        try await withThrowingTaskGroup(of: ReplicaExit?.self) { group in
            group.addTask {
                for await exit in actuator.replicaExits { return exit }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            defer { group.cancelAll() }
            return try #require(try await group.next() ?? nil, "no replica exit reported within 30 s")
        }
    }
}
