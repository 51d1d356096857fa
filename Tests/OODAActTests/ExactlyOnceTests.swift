import Foundation
import OODAActTesting
import OODACore
import OODATestSupport
import Subprocess
import SystemPackage
import Testing

/// act killed with SIGKILL between intent and outcome, then started again: the action happens exactly once.
///
/// The child is `ooda-act-fixture`, built next to the test bundle. The target is a FAKE Kubernetes API server
/// living in this test process, so its state survives the child.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ExactlyOnceTests {
    static var fixtureExecutable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("ooda-act-fixture").path
    }

    static func runFixture(_ arguments: [String]) async throws -> (TerminationStatus, [ActionOutcome]) {
        let result = try await Subprocess.run(
            .path(FilePath(fixtureExecutable)),
            arguments: Arguments(arguments),
            output: .string(limit: 1 << 20),
            error: .string(limit: 1 << 20)
        )
        let lines = result.standardOutput.split(separator: "\n")
        let outcomes = try lines.map { try JSONDecoder().decode(ActionOutcome.self, from: Data($0.utf8)) }
        return (result.terminationStatus, outcomes)
    }

    @Test(arguments: ["intentRecorded", "actuatorReturned"])
    func killedBetweenIntentAndOutcomeTheActionHappensOnce(dieAt: String) async throws {
        let directory = try makeTemporaryDirectory()
        let cluster = FakeKubernetesCluster()
        cluster.addDeployment("web", replicas: 3)
        let server = try await FakeKubernetesAPIServer.start(cluster: cluster)
        let scalings: Int
        do {
            scalings = try await Self.killRestartAndCheck(dieAt: dieAt, server: server, directory: directory)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        #expect(scalings == 1, "the scale subresource was written once, across the kill and two restarts")
    }

    /// Kills act at `dieAt`, restarts it twice, and checks each run's outcomes and the cluster after it.
    ///
    /// - Returns: how many times the Deployment's scale was written in all.
    static func killRestartAndCheck(dieAt: String, server: FakeKubernetesAPIServer, directory: URL) async throws -> Int
    {
        let cluster = server.cluster
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try """
        apiVersion: v1
        kind: Config
        current-context: fake
        clusters: [{name: fake, cluster: {server: "\(server.url)"}}]
        users: [{name: act, user: {token: fake-token}}]
        contexts: [{name: fake, context: {cluster: fake, user: act, namespace: default}}]
        """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let journal = directory.appendingPathComponent("intents.jsonl").path
        let arguments = [kubeconfig, journal, "decide-7-decision-42", "scaleUp"]

        let (killed, none) = try await Self.runFixture(arguments + [dieAt])
        #expect(killed == .signaled(SIGKILL))
        #expect(none.isEmpty)
        #expect(cluster.replicas(of: "web") == (dieAt == "intentRecorded" ? 3 : 5))

        let (restarted, outcomes) = try await Self.runFixture(arguments)
        #expect(restarted == .exited(0))
        let outcome = try #require(outcomes.first)
        #expect(outcomes.count == 1, "the decision, delivered again after the restart, is not executed again")
        #expect(outcome.decision == EventID(rawValue: "decide-7-decision-42"))
        #expect(outcome.reconciled)
        #expect(outcome.success)
        #expect(outcome.state.replicas == 5)
        #expect(cluster.replicas(of: "web") == 5)
        #expect(cluster.appliedChanges("PUT", pathSuffix: "/deployments/web/scale") == 1)

        let (third, nothing) = try await Self.runFixture(arguments)
        #expect(third == .exited(0))
        #expect(nothing.isEmpty)
        return cluster.appliedChanges("PUT", pathSuffix: "/deployments/web/scale")
    }
}
