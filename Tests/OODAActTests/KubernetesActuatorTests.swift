import Foundation
import Logging
import OODAAct
import OODAActTesting
import OODACore
import OODATestSupport
import Testing

/// The Kubernetes actuator against a FAKE of the Kubernetes REST API (``FakeKubernetesAPIServer``), over plain
/// HTTP on 127.0.0.1; the fake keeps Deployments, ReplicaSets and ConfigMaps with `resourceVersion` and answers in
/// the shapes of the API reference, failures included.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct KubernetesActuatorTests {
    static let decision = EventID(rawValue: "decide-1-decision-1")

    static func withActuator(
        dryRun: Bool = false,
        maxAttempts: Int = 3,
        timeout: Double = 5,
        authentication: KubernetesEndpoint.Authentication = .bearerToken("token"),
        _ body: (FakeKubernetesCluster, KubernetesActuator) async throws -> Void
    ) async throws {
        let cluster = FakeKubernetesCluster()
        cluster.addDeployment("web", replicas: 3, images: ["web:1.0", "web:2.0"])
        cluster.addConfigMap("web-tuning", data: ["eta": "0.1", "other": "kept"])
        let server = try await FakeKubernetesAPIServer.start(cluster: cluster)
        let actuator = try KubernetesActuator(
            configuration: KubernetesActuatorConfiguration(
                deployment: "web",
                namespace: "default",
                configMap: "web-tuning",
                dryRun: dryRun,
                requestTimeoutSeconds: timeout,
                maxAttempts: maxAttempts,
                initialBackoffMilliseconds: 1
            ),
            endpoint: KubernetesEndpoint(server: server.url, authentication: authentication),
            logger: Logger(label: "test")
        )
        do {
            try await body(cluster, actuator)
        } catch {
            await actuator.shutdown()
            await server.shutdown()
            throw error
        }
        await actuator.shutdown()
        await server.shutdown()
    }

    @Test func scalesThroughTheScaleSubresource() async throws {
        try await Self.withActuator { cluster, actuator in
            let before = try await actuator.currentState()
            #expect(before.replicas == 3)
            #expect(before.revision == 2)
            let up = await actuator.execute(.scaleUp, decision: Self.decision, targetReplicas: nil)
            #expect(up.success)
            #expect(up.details == "Scaled 3 → 5 replicas")
            #expect(up.state.replicas == 5)
            #expect(cluster.replicas(of: "web") == 5)
            #expect(cluster.appliedChanges("PUT", pathSuffix: "/deployments/web/scale") == 1)
            let down = await actuator.execute(.scaleDown, decision: Self.decision, targetReplicas: nil)
            #expect(down.state.replicas == 4)
            #expect(cluster.replicas(of: "web") == 4)
        }
    }

    @Test func retriesAConflictWithTheSameAbsoluteCount() async throws {
        try await Self.withActuator { cluster, actuator in
            cluster.failNext(2, status: 409, method: "PUT", pathSuffix: "/scale")
            let up = await actuator.execute(.scaleUp, decision: Self.decision, targetReplicas: nil)
            #expect(up.success)
            #expect(cluster.replicas(of: "web") == 5)
            #expect(cluster.requests.filter { $0.method == "PUT" }.map(\.status) == [409, 409, 200])
        }
    }

    @Test(arguments: [
        (403, "forbidden", "deploy/rbac.yaml"),
        (404, "found nothing", "namespace"),
        (422, "invalid", "injected failure"),
        (401, "credentials were not accepted", "token"),
    ])
    func turnsAnErrorStatusIntoAClearFailedOutcome(status: Int, words: String, advice: String) async throws {
        try await Self.withActuator { cluster, actuator in
            cluster.failNext(status: status, method: "PUT")
            let result = await actuator.execute(.scaleUp, decision: Self.decision, targetReplicas: nil)
            #expect(!result.success)
            #expect(result.details.contains(words))
            #expect(result.details.contains(advice))
            #expect(result.details.contains("HTTP \(status)"))
            #expect(cluster.requests.count(where: { $0.method == "PUT" }) == 1, "no retry of a \(status)")
            #expect(cluster.replicas(of: "web") == 3)
        }
    }

    @Test func retriesServerErrorsAndGivesUpAfterTheBound() async throws {
        try await Self.withActuator(maxAttempts: 3) { cluster, actuator in
            cluster.failNext(2, status: 503, method: "PUT")
            #expect(await actuator.execute(.scaleUp, decision: Self.decision, targetReplicas: nil).success)
            #expect(cluster.replicas(of: "web") == 5)

            cluster.failNext(3, status: 500, method: "PUT")
            let failed = await actuator.execute(.scaleUp, decision: Self.decision, targetReplicas: nil)
            #expect(!failed.success)
            #expect(failed.details.contains("HTTP 500"))
            #expect(cluster.replicas(of: "web") == 5)
        }
    }

    @Test func reportsASlowServerAsATimeout() async throws {
        try await Self.withActuator(maxAttempts: 2, timeout: 0.2) { cluster, actuator in
            cluster.slowDown(next: 2, by: .seconds(2))
            let result = await actuator.execute(.scaleUp, decision: Self.decision, targetReplicas: nil)
            #expect(!result.success)
            #expect(result.details.contains("timed out"))
        }
    }

    @Test func rollsBackAsKubectlRolloutUndoDoes() async throws {
        try await Self.withActuator { cluster, actuator in
            #expect(cluster.image(of: "web") == "web:2.0")
            let result = await actuator.execute(.rollback, decision: Self.decision, targetReplicas: nil)
            #expect(result.success)
            #expect(result.details == "Rolled back from revision 2 to the template of revision 1")
            #expect(cluster.image(of: "web") == "web:1.0")
            #expect(cluster.revision(of: "web") == 3, "the restored ReplicaSet takes the next revision")
            #expect(result.state.revision == 3)
            let patch = try #require(cluster.requests.last { $0.method == "PATCH" })
            #expect(patch.path == "/apis/apps/v1/namespaces/default/deployments/web")
            // Rolling back again goes to the template of revision 2.
            #expect(await actuator.execute(.rollback, decision: Self.decision, targetReplicas: nil).success)
            #expect(cluster.image(of: "web") == "web:2.0")
        }
    }

    @Test func refusesToRollBackAPausedDeploymentOrOneWithoutHistory() async throws {
        try await Self.withActuator { cluster, actuator in
            cluster.addDeployment("web", replicas: 3, images: ["web:1.0", "web:2.0"], paused: true)
            let paused = await actuator.execute(.rollback, decision: Self.decision, targetReplicas: nil)
            #expect(!paused.success)
            #expect(paused.details.contains("paused"))
            #expect(paused.details.contains("kubectl rollout resume"))
            #expect(cluster.requests.count(where: { $0.method == "PATCH" }) == 0)
        }
        try await Self.withActuator { cluster, actuator in
            cluster.addDeployment("web", replicas: 3, images: ["web:1.0"])
            let single = await actuator.execute(.rollback, decision: Self.decision, targetReplicas: nil)
            #expect(!single.success)
            #expect(single.details.contains("no previous revision"))
        }
    }

    @Test func retunesByMergePatchingTheConfigMap() async throws {
        try await Self.withActuator { cluster, actuator in
            let result = await actuator.execute(.retune, decision: Self.decision, targetReplicas: nil)
            #expect(result.success)
            #expect(result.state.tuning == ["eta": 0.08, "gamma": 0.92, "tau": 1.5])
            let data = try #require(cluster.object("configmaps", "default", "web-tuning")?["data"])
            #expect(
                data
                    == .object([
                        "eta": .string("0.08"), "gamma": .string("0.92"), "tau": .string("1.5"),
                        "other": .string("kept"),
                    ])
            )
        }
    }

    @Test func changesNothingInDryRun() async throws {
        try await Self.withActuator(dryRun: true) { cluster, actuator in
            let up = await actuator.execute(.scaleUp, decision: Self.decision, targetReplicas: nil)
            #expect(up.success)
            #expect(up.details == "[dry run] Scaled 3 → 5 replicas")
            #expect(up.state.replicas == 5)
            #expect(cluster.replicas(of: "web") == 3)
            #expect(cluster.requests.last { $0.method == "PUT" }?.query["dryRun"] == "All")
            _ = await actuator.execute(.rollback, decision: Self.decision, targetReplicas: nil)
            #expect(cluster.image(of: "web") == "web:2.0")
        }
    }

    @Test func rereadsARotatedServiceAccountToken() async throws {
        let directory = try makeTemporaryDirectory()
        let tokenFile = directory.appendingPathComponent("token").path
        try "first-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try await Self.withActuator(authentication: .tokenFile(tokenFile)) { cluster, actuator in
            cluster.requireToken("first-token")
            #expect(try await actuator.currentState().replicas == 3)
            // The kubelet rotates the token; the API server stops accepting the old one.
            try "second-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            cluster.requireToken("second-token")
            #expect(try await actuator.currentState().replicas == 3)
            #expect(cluster.requests.map(\.status).contains(401))
        }
    }
}
