import Logging
import NIOHTTP1
import OODACore

/// An actuator over a Kubernetes Deployment, through the API server's REST API.
///
/// `scaleUp` and `scaleDown` write the scale subresource with the `resourceVersion` just read, retrying on 409
/// with the same absolute count; `rollback` does what `kubectl rollout undo` does (see ``RolloutUndo``);
/// `retune` merge-patches the tuning values into a ConfigMap. With `dryRun`, every change is sent with
/// `dryRun=All`. Every failure becomes a failed result whose details say what the API server said and what to do.
public actor KubernetesActuator: Actuator {
    public nonisolated let kind = "kubernetes"
    public nonisolated let scaling: ReplicaPolicy
    private let configuration: KubernetesActuatorConfiguration
    private let client: KubernetesAPIClient
    private let namespace: String
    private let logger: Logger

    /// Creates the actuator and its HTTP client; call ``shutdown()`` when done.
    ///
    /// - Parameters:
    ///   - configuration: What to act on.
    ///   - endpoint: How to reach the API server; by default the one the configuration names.
    ///   - logger: Where to log retries and failures.
    /// - Throws: ``ActuatorError`` when the credentials cannot be read or loaded.
    public init(
        configuration: KubernetesActuatorConfiguration,
        endpoint: KubernetesEndpoint? = nil,
        logger: Logger
    )
        throws
    {
        let endpoint = try endpoint ?? configuration.endpoint()
        self.configuration = configuration
        self.scaling = configuration.scaling
        self.namespace = configuration.namespace ?? endpoint.namespace ?? "default"
        self.logger = logger
        self.client = try KubernetesAPIClient(
            endpoint: endpoint,
            requestTimeout: .milliseconds(Int64(configuration.requestTimeoutSeconds * 1000)),
            maxAttempts: configuration.maxAttempts,
            initialBackoff: .milliseconds(Int64(configuration.initialBackoffMilliseconds)),
            logger: logger
        )
    }

    /// Closes the HTTP client's connections.
    public func shutdown() async {
        await client.shutdown()
    }

    public func execute(_ action: Action, decision: EventID, targetReplicas: Int?) async -> ActuatorResult {
        let clock = ContinuousClock()
        let start = clock.now
        var success = true
        var details: String
        var state: TargetState?
        do {
            (details, state) = try await apply(action, targetReplicas: targetReplicas)
        } catch {
            success = false
            details = "\(action) of deployment \(namespace)/\(configuration.deployment) failed: \(error)"
        }
        if configuration.dryRun { details = "[dry run] " + details }
        let after: TargetState
        if let state {
            after = state
        } else if let read = try? await currentState() {
            after = read
        } else {
            after = TargetState(
                replicas: 0,
                minReplicas: scaling.minReplicas,
                maxReplicas: scaling.maxReplicas,
                revision: 0
            )
        }
        return ActuatorResult(
            success: success,
            details: details,
            executionNanos: (clock.now - start).wholeNanoseconds,
            state: after
        )
    }

    public func currentState() async throws -> TargetState {
        let deployment = try await client.send(.GET, deploymentPath)
        return TargetState(
            replicas: deployment[path: "spec", "replicas"]?.int ?? 1,
            minReplicas: scaling.minReplicas,
            maxReplicas: scaling.maxReplicas,
            revision: RolloutUndo.revision(of: deployment),
            tuning: try await readTuning()
        )
    }

    private var deploymentPath: String {
        "/apis/apps/v1/namespaces/\(namespace)/deployments/\(configuration.deployment)"
    }

    private var mutationQuery: [(String, String)] {
        var query = [("fieldManager", "ooda")]
        if configuration.dryRun { query.append(("dryRun", "All")) }
        return query
    }

    /// Applies an action and returns its details and, when the answer shows it, the state after.
    private func apply(_ action: Action, targetReplicas: Int?) async throws -> (String, TargetState?) {
        switch action {
        case .scaleUp, .scaleDown:
            return try await scale(action, targetReplicas: targetReplicas)
        case .rollback:
            return (try await rollback(), nil)
        case .retune:
            return (try await retune(), nil)
        case .noop:
            return ("No action", nil)
        }
    }

    private func scale(_ action: Action, targetReplicas: Int?) async throws -> (String, TargetState?) {
        let path = deploymentPath + "/scale"
        var before: Int?
        var desired: Int?
        var attempt = 0
        while true {
            let current = try await client.send(.GET, path)
            guard let replicas = current[path: "spec", "replicas"]?.int,
                let resourceVersion = current[path: "metadata", "resourceVersion"]?.string
            else {
                throw ActuatorError(.malformedResponse, "the scale of \(configuration.deployment) has no replicas")
            }
            // The target is fixed once, from the first read: a retry after a conflict (or after a write that
            // landed but whose answer was lost) sends the same absolute count, never a second step.
            let from = before ?? replicas
            before = from
            let target = desired ?? scaling.desiredReplicas(for: action, current: replicas, requested: targetReplicas)
            desired = target
            if replicas == target {
                return (scaling.scalingDetails(from: from, to: target), nil)
            }
            let body: JSONValue = .object([
                "apiVersion": .string("autoscaling/v1"),
                "kind": .string("Scale"),
                "metadata": .object([
                    "name": .string(configuration.deployment),
                    "namespace": .string(namespace),
                    "resourceVersion": .string(resourceVersion),
                ]),
                "spec": .object(["replicas": .number(Double(target))]),
            ])
            do {
                let written = try await client.send(.PUT, path, query: mutationQuery, body: body)
                var state = try await currentState()
                state.replicas = written[path: "spec", "replicas"]?.int ?? target
                return (scaling.scalingDetails(from: from, to: target), state)
            } catch let error as ActuatorError where error.code == .conflict && attempt < configuration.conflictRetries
            {
                attempt += 1
                logger.info("scale of \(configuration.deployment) conflicted; reading it again (retry \(attempt))")
            }
        }
    }

    private func rollback() async throws -> String {
        let deployment = try await client.send(.GET, deploymentPath)
        let labels = deployment[path: "spec", "selector", "matchLabels"]?.objectValue ?? [:]
        let selector = labels.keys.sorted().map { "\($0)=\(labels[$0]?.string ?? "")" }.joined(separator: ",")
        let list = try await client.send(
            .GET,
            "/apis/apps/v1/namespaces/\(namespace)/replicasets",
            query: selector.isEmpty ? [] : [("labelSelector", selector)]
        )
        let plan = try RolloutUndo.plan(deployment: deployment, replicaSets: list["items"]?.arrayValue ?? [])
        if plan.alreadyCurrent {
            return "Skipped rollback: the template already matches revision \(plan.toRevision)"
        }
        _ = try await client.send(
            .PATCH,
            deploymentPath,
            query: mutationQuery,
            body: plan.patch,
            contentType: "application/json-patch+json"
        )
        return "Rolled back from revision \(plan.fromRevision) to the template of revision \(plan.toRevision)"
    }

    private func retune() async throws -> String {
        guard let configMap = configuration.configMap else {
            throw ActuatorError(.configuration, "retune needs a `configMap` in the kubernetes actuator's configuration")
        }
        let before = try await readTuning()
        let after = configuration.tuning.retuned(before)
        if after == before { return configuration.tuning.retuneDetails(from: before, to: after) }
        var data: [String: JSONValue] = [:]
        for parameter in configuration.tuning.parameters {
            data[parameter.name] = after[parameter.name].map { .string(TuningConfiguration.format($0)) }
        }
        _ = try await client.send(
            .PATCH,
            "/api/v1/namespaces/\(namespace)/configmaps/\(configMap)",
            query: mutationQuery,
            body: .object(["data": .object(data)]),
            contentType: "application/merge-patch+json"
        )
        return configuration.tuning.retuneDetails(from: before, to: after) + " in configmap \(configMap)"
    }

    /// The tuning values in the ConfigMap; a parameter it lacks reads as its initial value.
    private func readTuning() async throws -> [String: Double] {
        guard let configMap = configuration.configMap else { return [:] }
        let object = try await client.send(.GET, "/api/v1/namespaces/\(namespace)/configmaps/\(configMap)")
        var values = configuration.tuning.initialValues
        for (key, value) in object["data"]?.objectValue ?? [:] where values[key] != nil {
            if let number = value.string.flatMap(Double.init) { values[key] = number }
        }
        return values
    }
}
