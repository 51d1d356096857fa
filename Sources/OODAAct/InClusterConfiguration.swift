import Foundation

/// The endpoint of the API server seen from inside a pod: the service's address from the environment, the
/// service account's token, CA and namespace from the mounted files.
public enum InClusterConfiguration {
    /// Where Kubernetes mounts the service account's files.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Whether this process runs in a pod (the API server's service variables are set).
    public static func isAvailable(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["KUBERNETES_SERVICE_HOST"] != nil && environment["KUBERNETES_SERVICE_PORT"] != nil
    }

    /// The in-cluster endpoint.
    ///
    /// The token is not read here but by every request (``KubernetesEndpoint/Authentication/tokenFile(_:)``),
    /// because the kubelet rotates projected tokens.
    ///
    /// - Parameters:
    ///   - environment: The process environment, with `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`.
    ///   - directory: The service account directory, with `token`, `ca.crt` and `namespace`.
    /// - Throws: ``ActuatorError`` with code `credentials` when a variable or a file is missing.
    public static func endpoint(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = serviceAccountDirectory
    ) throws -> KubernetesEndpoint {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"]
        else {
            throw ActuatorError(
                .credentials,
                "not running in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; "
                    + "set `kubeconfig` in the actuator's configuration to run outside the cluster"
            )
        }
        let tokenPath = directory + "/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw ActuatorError(
                .credentials,
                "the service account token \(tokenPath) is not readable; check `automountServiceAccountToken`"
            )
        }
        let caPath = directory + "/ca.crt"
        guard let ca = FileManager.default.contents(atPath: caPath) else {
            throw ActuatorError(.credentials, "the cluster CA \(caPath) is not readable")
        }
        let namespace = FileManager.default.contents(atPath: directory + "/namespace")
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        // An IPv6 service address needs brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubernetesEndpoint(
            server: "https://\(hostPart):\(port)",
            certificateAuthorityPEM: Array(ca),
            authentication: .tokenFile(tokenPath),
            namespace: namespace?.isEmpty == false ? namespace : nil
        )
    }
}
