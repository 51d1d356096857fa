import Foundation
import OODACore
import Synchronization

extension FakeKubernetesCluster {
    /// The fake's answer to one request.
    public struct Response: Sendable {
        public var status: Int
        public var body: JSONValue
        /// How long to wait before answering (a slow API server).
        public var delay: Duration
    }

    /// Answers one request of the Kubernetes REST API, as far as the fake knows it.
    public func handle(
        method: String,
        uri: String,
        authorization: String?,
        contentType: String?,
        body: [UInt8]
    )
        -> Response
    {
        let (path, query) = Self.split(uri)
        return store.withLock { store in
            var delay = Duration.zero
            if store.delayedRequests > 0 {
                store.delayedRequests -= 1
                delay = store.delay
            }
            var (status, answer) = Self.route(&store, method, path, query, authorization, contentType, body)
            if (200..<300).contains(status), let index = store.failures.firstIndex(where: { $0.matches(method, path) })
            {
                status = store.failures[index].status
                answer = Self.status(status, "injected failure")
                store.failures[index].remaining -= 1
                if store.failures[index].remaining == 0 { store.failures.remove(at: index) }
            }
            store.requests.append(Request(method: method, path: path, query: query, status: status))
            return Response(status: status, body: answer, delay: delay)
        }
    }

    // swift-format-ignore: FunctionParameterCount
    private static func route(
        _ store: inout Store,
        _ method: String,
        _ path: String,
        _ query: [String: String],
        _ authorization: String?,
        _ contentType: String?,
        _ body: [UInt8]
    ) -> (Int, JSONValue) {
        if let token = store.requiredToken, authorization != "Bearer \(token)" {
            return (401, status(401, "Unauthorized"))
        }
        // An injected failure must not apply a change: check it before routing a mutation.
        if method != "GET", store.failures.contains(where: { $0.matches(method, path) }) {
            return (200, .null)
        }
        let parts = path.split(separator: "/").map(String.init)
        let dryRun = query["dryRun"] == "All"
        // `/apis/apps/v1/namespaces/<ns>/<resource>/…` or `/api/v1/namespaces/<ns>/<resource>/…`.
        let resource = parts.dropFirst(parts.first == "apis" ? 5 : 4).first
        switch (method, parts.count, resource ?? "") {
        case ("GET", 7, "deployments"), ("GET", 8, "deployments"):
            guard parts.count == 7 || parts.last == "scale" else { return (404, status(404, "not found")) }
            guard let deployment = store.objects[key("deployments", parts[4], parts[6])] else {
                return (404, status(404, "deployments.apps \"\(parts[6])\" not found"))
            }
            return (200, parts.count == 8 ? scale(of: deployment) : deployment)
        case ("PUT", 8, "deployments") where parts.last == "scale":
            return putScale(&store, parts[4], parts[6], body, dryRun: dryRun)
        case ("PATCH", 7, "deployments"):
            return patchDeployment(&store, parts[4], parts[6], body, contentType, dryRun: dryRun)
        case ("GET", 6, "replicasets"):
            let selector = (query["labelSelector"] ?? "").split(separator: ",").map { $0.split(separator: "=") }
            let items = store.objects.filter { key, value in
                key.hasPrefix("replicasets/\(parts[4])/")
                    && selector.allSatisfy { pair in
                        pair.count == 2 && value["metadata"]?["labels"]?[String(pair[0])] == .string(String(pair[1]))
                    }
            }.sorted { $0.key < $1.key }.map(\.value)
            return (200, list("ReplicaSetList", "apps/v1", items, store.resourceVersion))
        case ("GET", 6, "configmaps"):
            guard let configMap = store.objects[key("configmaps", parts[3], parts[5])] else {
                return (404, status(404, "configmaps \"\(parts[5])\" not found"))
            }
            return (200, configMap)
        case ("PATCH", 6, "configmaps"):
            let configMapKey = key("configmaps", parts[3], parts[5])
            guard let configMap = store.objects[configMapKey] else {
                return (404, status(404, "configmaps \"\(parts[5])\" not found"))
            }
            guard contentType == "application/merge-patch+json", let patch = decode(body) else {
                return (415, status(415, "unsupported patch"))
            }
            var patched = configMap.merging(patch)
            if dryRun { return (200, patched) }
            patched = patched.setting(.string(store.nextVersion()), at: ["metadata", "resourceVersion"])
            store.objects[configMapKey] = patched
            return (200, patched)
        default:
            return (404, status(404, "the server could not find the requested resource"))
        }
    }

    private static func putScale(
        _ store: inout Store,
        _ namespace: String,
        _ name: String,
        _ body: [UInt8],
        dryRun: Bool
    )
        -> (Int, JSONValue)
    {
        let deploymentKey = key("deployments", namespace, name)
        guard let deployment = store.objects[deploymentKey] else {
            return (404, status(404, "deployments.apps \"\(name)\" not found"))
        }
        guard let scale = decode(body), let replicas = scale["spec"]?["replicas"].flatMap(int), replicas >= 0 else {
            return (422, status(422, "Scale.autoscaling \"\(name)\" is invalid: spec.replicas: Invalid value"))
        }
        if case .string(let version)? = scale["metadata"]?["resourceVersion"],
            deployment["metadata"]?["resourceVersion"] != .string(version)
        {
            return (
                409,
                status(
                    409,
                    "Operation cannot be fulfilled on deployments.apps \"\(name)\": the object has been modified; "
                        + "please apply your changes to the latest version and try again"
                )
            )
        }
        var updated = deployment.setting(.number(Double(replicas)), at: ["spec", "replicas"])
        updated = updated.setting(.number(Double(replicas)), at: ["status", "replicas"])
        if !dryRun {
            updated = updated.setting(.string(store.nextVersion()), at: ["metadata", "resourceVersion"])
            store.objects[deploymentKey] = updated
        }
        return (200, Self.scale(of: updated))
    }

    private static func patchDeployment(
        _ store: inout Store,
        _ namespace: String,
        _ name: String,
        _ body: [UInt8],
        _ contentType: String?,
        dryRun: Bool
    ) -> (Int, JSONValue) {
        let deploymentKey = key("deployments", namespace, name)
        guard let deployment = store.objects[deploymentKey] else {
            return (404, status(404, "deployments.apps \"\(name)\" not found"))
        }
        guard contentType == "application/json-patch+json", case .array(let operations)? = decode(body) else {
            return (415, status(415, "the fake accepts JSON patches on deployments"))
        }
        var patched = deployment
        for operation in operations {
            guard case .string(let op)? = operation["op"], case .string(let pointer)? = operation["path"] else {
                return (422, status(422, "invalid JSON patch operation"))
            }
            let path = pointer.split(separator: "/").map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            switch op {
            case "replace", "add": patched = patched.setting(operation["value"] ?? .null, at: path)
            case "remove": patched = patched.setting(nil, at: path)
            default: return (422, status(422, "the fake does not apply '\(op)' operations"))
            }
        }
        if dryRun { return (200, patched) }
        store.objects[deploymentKey] = patched.setting(
            .string(store.nextVersion()),
            at: ["metadata", "resourceVersion"]
        )
        if let template = patched["spec"]?["template"], template != deployment["spec"]?["template"] {
            store.setTemplate(template, deployment: name, namespace: namespace)
        }
        return (200, store.objects[deploymentKey] ?? .null)
    }

    static func scale(of deployment: JSONValue) -> JSONValue {
        let replicas = deployment["spec"]?["replicas"] ?? .number(1)
        return .object([
            "apiVersion": .string("autoscaling/v1"),
            "kind": .string("Scale"),
            "metadata": .object([
                "name": deployment["metadata"]?["name"] ?? .null,
                "namespace": deployment["metadata"]?["namespace"] ?? .null,
                "uid": deployment["metadata"]?["uid"] ?? .null,
                "resourceVersion": deployment["metadata"]?["resourceVersion"] ?? .null,
            ]),
            "spec": .object(["replicas": replicas]),
            "status": .object(["replicas": deployment["status"]?["replicas"] ?? replicas, "selector": .string("app")]),
        ])
    }

    static func list(_ kind: String, _ apiVersion: String, _ items: [JSONValue], _ version: Int) -> JSONValue {
        .object([
            "kind": .string(kind), "apiVersion": .string(apiVersion),
            "metadata": .object(["resourceVersion": .string(String(version))]), "items": .array(items),
        ])
    }

    /// A `Status` object, as the API server sends with every failure.
    static func status(_ code: Int, _ message: String) -> JSONValue {
        let reasons = [
            401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 415: "UnsupportedMediaType",
            422: "Invalid", 500: "InternalError", 503: "ServiceUnavailable",
        ]
        return .object([
            "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]),
            "status": .string("Failure"), "message": .string(message),
            "reason": .string(reasons[code] ?? "Unknown"), "code": .number(Double(code)),
        ])
    }

    static func decode(_ body: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(body))
    }

    static func split(_ uri: String) -> (String, [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let sides = pair.split(separator: "=", maxSplits: 1).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            query[sides[0]] = sides.count > 1 ? sides[1] : ""
        }
        return (String(uri[..<mark]), query)
    }
}

extension FakeKubernetesCluster.InjectedFailure {
    func matches(_ method: String, _ path: String) -> Bool {
        (self.method == nil || self.method == method) && (pathSuffix.map { path.hasSuffix($0) } ?? true)
    }
}
