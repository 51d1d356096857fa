import OODACore
import Synchronization

/// A FAKE of the Kubernetes API server's state, for tests and benchmarks: Deployments, their ReplicaSets and
/// ConfigMaps, each with a `resourceVersion`, shaped as in the Kubernetes API reference.
///
/// It is not Kubernetes: it keeps objects in memory and plays the part of the Deployment controller only as far as
/// revisions go (a new pod template gets a ReplicaSet and the next revision; a template that matches an older
/// ReplicaSet gives that one the next revision, as a rollback does). It can fail on purpose: a status for the next
/// matching requests, a delay before answering, a token it insists on.
public final class FakeKubernetesCluster: Sendable {
    /// One request the fake answered.
    public struct Request: Sendable, Equatable {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var status: Int
    }

    /// A failure to answer instead of the real answer.
    public struct InjectedFailure: Sendable {
        public var method: String?
        public var pathSuffix: String?
        public var status: Int
        public var remaining: Int
    }

    struct Store {
        var objects: [String: JSONValue] = [:]
        var resourceVersion = 1000
        var nextUID = 1
        var failures: [InjectedFailure] = []
        var delay: Duration = .zero
        var delayedRequests = 0
        var requiredToken: String?
        var requests: [Request] = []
    }

    let store = Mutex(Store())

    public init() {}

    /// Every request answered so far, in order.
    public var requests: [Request] { store.withLock { $0.requests } }

    /// The number of answered requests with this method whose path ends with `suffix`, and which succeeded and
    /// were not dry runs: the changes that really happened.
    public func appliedChanges(_ method: String, pathSuffix suffix: String) -> Int {
        requests.count(where: {
            $0.method == method && $0.path.hasSuffix(suffix) && (200..<300).contains($0.status)
                && $0.query["dryRun"] == nil
        })
    }

    /// Answers the next `count` requests matching method and path suffix with `status`.
    public func failNext(_ count: Int = 1, status: Int, method: String? = nil, pathSuffix: String? = nil) {
        store.withLock {
            $0.failures.append(
                InjectedFailure(method: method, pathSuffix: pathSuffix, status: status, remaining: count)
            )
        }
    }

    /// Delays the answers to the next `count` requests.
    public func slowDown(next count: Int, by delay: Duration) {
        store.withLock {
            $0.delay = delay
            $0.delayedRequests = count
        }
    }

    /// Requires `Authorization: Bearer <token>` from now on (401 otherwise); `nil` accepts anything.
    public func requireToken(_ token: String?) {
        store.withLock { $0.requiredToken = token }
    }

    /// Adds a Deployment with one ReplicaSet per image, revisions 1, 2, … in order; the last image is current.
    public func addDeployment(
        _ name: String,
        namespace: String = "default",
        replicas: Int = 3,
        images: [String] = ["registry.example/web:1.0"],
        paused: Bool = false
    ) {
        store.withLock { store in
            let uid = store.makeUID()
            store.objects[Self.key("deployments", namespace, name)] = .object([
                "apiVersion": .string("apps/v1"),
                "kind": .string("Deployment"),
                "metadata": .object([
                    "name": .string(name), "namespace": .string(namespace), "uid": .string(uid),
                    "generation": .number(1), "labels": .object(["app": .string(name)]),
                    "annotations": .object([:]),
                ]),
                "spec": .object([
                    "replicas": .number(Double(replicas)),
                    "paused": .bool(paused),
                    "selector": .object(["matchLabels": .object(["app": .string(name)])]),
                    "template": .null,
                ]),
                "status": .object(["replicas": .number(Double(replicas))]),
            ])
            for image in images {
                store.setTemplate(Self.template(app: name, image: image), deployment: name, namespace: namespace)
            }
        }
    }

    /// Changes a Deployment's image, as a `kubectl set image` would: the controller makes a new revision.
    public func setImage(_ image: String, deployment: String, namespace: String = "default") {
        store.withLock {
            $0.setTemplate(Self.template(app: deployment, image: image), deployment: deployment, namespace: namespace)
        }
    }

    /// Adds a ConfigMap with string data.
    public func addConfigMap(_ name: String, namespace: String = "default", data: [String: String]) {
        store.withLock { store in
            store.objects[Self.key("configmaps", namespace, name)] = .object([
                "apiVersion": .string("v1"),
                "kind": .string("ConfigMap"),
                "metadata": .object([
                    "name": .string(name), "namespace": .string(namespace), "uid": .string(store.makeUID()),
                    "resourceVersion": .string(store.nextVersion()),
                ]),
                "data": .object(data.mapValues { .string($0) }),
            ])
        }
    }

    /// A stored object: `object("deployments", "default", "web")`.
    public func object(_ resource: String, _ namespace: String, _ name: String) -> JSONValue? {
        store.withLock { $0.objects[Self.key(resource, namespace, name)] }
    }

    /// A Deployment's replica count.
    public func replicas(of deployment: String, namespace: String = "default") -> Int? {
        object("deployments", namespace, deployment)?["spec"]?["replicas"].flatMap(Self.int)
    }

    /// A Deployment's current container image.
    public func image(of deployment: String, namespace: String = "default") -> String? {
        guard
            case .array(let containers)? = object("deployments", namespace, deployment)?["spec"]?["template"]?["spec"]?[
                "containers"
            ],
            case .string(let image)? = containers.first?["image"]
        else { return nil }
        return image
    }

    /// A Deployment's revision annotation.
    public func revision(of deployment: String, namespace: String = "default") -> Int? {
        guard
            case .string(let text)? = object("deployments", namespace, deployment)?["metadata"]?["annotations"]?[
                "deployment.kubernetes.io/revision"
            ]
        else { return nil }
        return Int(text)
    }

    static func key(_ resource: String, _ namespace: String, _ name: String) -> String {
        "\(resource)/\(namespace)/\(name)"
    }

    static func int(_ value: JSONValue) -> Int? {
        if case .number(let number) = value { return Int(number) }
        return nil
    }

    static func template(app: String, image: String) -> JSONValue {
        .object([
            "metadata": .object(["labels": .object(["app": .string(app)])]),
            "spec": .object([
                "containers": .array([
                    .object([
                        "name": .string(app), "image": .string(image),
                        "ports": .array([.object(["containerPort": .number(8080)])]),
                    ])
                ])
            ]),
        ])
    }
}
