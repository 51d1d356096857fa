import OODACore

extension FakeKubernetesCluster.Store {
    mutating func makeUID() -> String {
        defer { nextUID += 1 }
        return "00000000-0000-4000-8000-\(String(100_000_000_000 + nextUID))"
    }

    mutating func nextVersion() -> String {
        resourceVersion += 1
        return String(resourceVersion)
    }

    /// Plays the Deployment controller's part in revisions when a Deployment's pod template is set.
    mutating func setTemplate(_ template: JSONValue, deployment name: String, namespace: String) {
        let deploymentKey = FakeKubernetesCluster.key("deployments", namespace, name)
        guard var deployment = objects[deploymentKey], case .string(let uid)? = deployment["metadata"]?["uid"]
        else { return }
        let clean = withoutHash(template)
        let owned = objects.filter { key, value in
            key.hasPrefix("replicasets/\(namespace)/") && value["metadata"]?["ownerReferences"]?.firstOwnerUID == uid
        }
        let latest = owned.values.map { revision($0) }.max() ?? 0
        let revisionNow: Int
        if let match = owned.first(where: { withoutHash($0.value["spec"]?["template"] ?? .null) == clean }) {
            let (key, replicaSet) = (match.key, match.value)
            revisionNow = revision(replicaSet) == latest ? latest : latest + 1
            var updated = replicaSet.setting(
                .string(String(revisionNow)),
                at: ["metadata", "annotations", revisionKey]
            )
            updated = updated.setting(.string(nextVersion()), at: ["metadata", "resourceVersion"])
            objects[key] = updated
        } else {
            revisionNow = latest + 1
            let hash = "h\(revisionNow)x\(nextUID)"
            let hashed = clean.setting(.string(hash), at: ["metadata", "labels", "pod-template-hash"])
            objects[FakeKubernetesCluster.key("replicasets", namespace, "\(name)-\(hash)")] = .object([
                "apiVersion": .string("apps/v1"),
                "kind": .string("ReplicaSet"),
                "metadata": .object([
                    "name": .string("\(name)-\(hash)"), "namespace": .string(namespace), "uid": .string(makeUID()),
                    "resourceVersion": .string(nextVersion()),
                    "labels": .object(["app": .string(name), "pod-template-hash": .string(hash)]),
                    "annotations": .object([revisionKey: .string(String(revisionNow))]),
                    "ownerReferences": .array([
                        .object([
                            "apiVersion": .string("apps/v1"), "kind": .string("Deployment"), "name": .string(name),
                            "uid": .string(uid), "controller": .bool(true), "blockOwnerDeletion": .bool(true),
                        ])
                    ]),
                ]),
                "spec": .object([
                    "replicas": .number(0),
                    "selector": .object([
                        "matchLabels": .object(["app": .string(name), "pod-template-hash": .string(hash)])
                    ]),
                    "template": hashed,
                ]),
            ])
        }
        deployment = deployment.setting(clean, at: ["spec", "template"])
        deployment = deployment.setting(.string(String(revisionNow)), at: ["metadata", "annotations", revisionKey])
        deployment = deployment.setting(.string(nextVersion()), at: ["metadata", "resourceVersion"])
        objects[deploymentKey] = deployment
    }

    var revisionKey: String { "deployment.kubernetes.io/revision" }

    func revision(_ object: JSONValue) -> Int {
        guard case .string(let text)? = object["metadata"]?["annotations"]?[revisionKey] else { return 0 }
        return Int(text) ?? 0
    }

    func withoutHash(_ template: JSONValue) -> JSONValue {
        template.setting(nil, at: ["metadata", "labels", "pod-template-hash"])
    }
}

extension JSONValue {
    /// This value with `value` set at a path of object keys (created as needed); `nil` removes the member.
    func setting(_ value: JSONValue?, at path: some Collection<String>) -> JSONValue {
        guard let key = path.first else { return value ?? .null }
        var members: [String: JSONValue] = [:]
        if case .object(let existing) = self { members = existing }
        if path.count == 1 {
            members[key] = value
        } else {
            members[key] = (members[key] ?? .object([:])).setting(value, at: path.dropFirst())
        }
        return .object(members)
    }

    /// RFC 7386 merge patch: objects merge, `null` removes, anything else replaces.
    func merging(_ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members: [String: JSONValue] = [:]
        if case .object(let existing) = self { members = existing }
        for (key, change) in changes {
            members[key] = change == .null ? nil : (members[key] ?? .null).merging(change)
        }
        return .object(members)
    }

    var firstOwnerUID: String? {
        guard case .array(let owners) = self, case .string(let uid)? = owners.first?["uid"] else { return nil }
        return uid
    }
}
