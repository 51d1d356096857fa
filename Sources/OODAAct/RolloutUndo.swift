import OODACore

/// The rollback of a Deployment to its previous revision, planned as `kubectl rollout undo` plans it.
///
/// The previous revision is the ReplicaSet with the second-highest `deployment.kubernetes.io/revision` among those
/// the Deployment owns. Its pod template, without the `pod-template-hash` label, replaces the Deployment's, and
/// the Deployment's annotations take the ReplicaSet's (except the bookkeeping ones kubectl skips) in one JSON
/// patch. The Deployment controller then gives that ReplicaSet the next revision number. A paused Deployment is
/// refused, as kubectl refuses it.
package struct RolloutUndo: Sendable, Equatable {
    /// The revision annotation on Deployments and ReplicaSets.
    package static let revisionAnnotation = "deployment.kubernetes.io/revision"
    /// Annotations kubectl keeps from the Deployment instead of copying them from the ReplicaSet.
    package static let skippedAnnotations: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration",
        "deployment.kubernetes.io/revision",
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    ]

    /// The Deployment's revision before the rollback.
    package var fromRevision: Int
    /// The revision whose template is restored.
    package var toRevision: Int
    /// True when the Deployment's template already is that revision's: nothing to patch.
    package var alreadyCurrent: Bool
    /// The JSON patch (RFC 6902) to send to the Deployment.
    package var patch: JSONValue

    /// Plans the rollback.
    ///
    /// - Parameters:
    ///   - deployment: The Deployment, as the API returns it.
    ///   - replicaSets: The ReplicaSets matching its selector; those it does not own are ignored.
    /// - Throws: ``ActuatorError`` with code `paused`, `noPreviousRevision` or `malformedResponse`.
    package static func plan(deployment: JSONValue, replicaSets: [JSONValue]) throws -> RolloutUndo {
        let name = deployment[path: "metadata", "name"]?.string ?? "?"
        if deployment[path: "spec", "paused"]?.bool == true {
            throw ActuatorError(
                .paused,
                "deployment \(name) is paused and a paused deployment is not rolled back; resume it with "
                    + "`kubectl rollout resume deployment/\(name)` and try again"
            )
        }
        guard let uid = deployment[path: "metadata", "uid"]?.string else {
            throw ActuatorError(.malformedResponse, "deployment \(name) has no metadata.uid")
        }
        let owned = replicaSets.filter { replicaSet in
            (replicaSet[path: "metadata", "ownerReferences"]?.arrayValue ?? []).contains {
                $0["uid"]?.string == uid && $0["controller"]?.bool != false
            }
        }
        var latest: (revision: Int, replicaSet: JSONValue)?
        var previous: (revision: Int, replicaSet: JSONValue)?
        for replicaSet in owned {
            let revision = revision(of: replicaSet)
            if revision > (latest?.revision ?? 0) {
                previous = latest
                latest = (revision, replicaSet)
            } else if revision > (previous?.revision ?? 0) {
                previous = (revision, replicaSet)
            }
        }
        guard let previous, let template = previous.replicaSet[path: "spec", "template"] else {
            throw ActuatorError(
                .noPreviousRevision,
                "deployment \(name) has no previous revision to roll back to (\(owned.count) ReplicaSet(s) owned)"
            )
        }
        let restored = removingHashLabel(template)
        var annotations: [String: JSONValue] = [:]
        for (key, value) in deployment[path: "metadata", "annotations"]?.objectValue ?? [:]
        where skippedAnnotations.contains(key) {
            annotations[key] = value
        }
        for (key, value) in previous.replicaSet[path: "metadata", "annotations"]?.objectValue ?? [:]
        where !skippedAnnotations.contains(key) {
            annotations[key] = value
        }
        let currentTemplate = deployment[path: "spec", "template"].map(removingHashLabel)
        return RolloutUndo(
            fromRevision: revision(of: deployment),
            toRevision: previous.revision,
            alreadyCurrent: currentTemplate == restored,
            patch: .array([
                .object(["op": .string("replace"), "path": .string("/spec/template"), "value": restored]),
                .object([
                    "op": .string("replace"), "path": .string("/metadata/annotations"), "value": .object(annotations),
                ]),
            ])
        )
    }

    /// The revision annotation of a Deployment or ReplicaSet, 0 when absent.
    package static func revision(of object: JSONValue) -> Int {
        object[path: "metadata", "annotations", revisionAnnotation]?.string.flatMap { Int($0) } ?? 0
    }

    /// The pod template without the `pod-template-hash` label the Deployment controller adds to ReplicaSets.
    package static func removingHashLabel(_ template: JSONValue) -> JSONValue {
        guard case .object(var members) = template,
            case .object(var metadata)? = members["metadata"],
            case .object(var labels)? = metadata["labels"]
        else { return template }
        labels["pod-template-hash"] = nil
        metadata["labels"] = .object(labels)
        members["metadata"] = .object(metadata)
        return .object(members)
    }
}
