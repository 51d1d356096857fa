import Foundation

/// The Kubernetes actuator's settings: which Deployment (and ConfigMap) to act on, and how to reach the API server.
///
/// Only `deployment` is required: `{kind: kubernetes, deployment: web}` acts in the pod's own namespace with its
/// service account when run in a cluster, and with the current context of `~/.kube/config` otherwise.
public struct KubernetesActuatorConfiguration: Sendable, Codable, Equatable {
    /// The Deployment scaled and rolled back.
    public var deployment: String
    /// Its namespace; `nil` for the kubeconfig context's, the service account's, or `default`.
    public var namespace: String?
    /// The ConfigMap `retune` merge-patches; `nil` refuses retunes.
    public var configMap: String?
    /// The kubeconfig file; `nil` for in-cluster credentials in a pod, or `$KUBECONFIG` / `~/.kube/config`.
    public var kubeconfig: String?
    /// The kubeconfig context; `nil` for its current context.
    public var context: String?
    /// Use the pod's service account even when a kubeconfig is set.
    public var inCluster: Bool
    /// Send every change with `dryRun=All`: the API server validates it and changes nothing.
    public var dryRun: Bool
    /// The timeout of one request, in seconds.
    public var requestTimeoutSeconds: Double
    /// Attempts per request when a retry is safe (timeouts, connection failures, 429, 5xx).
    public var maxAttempts: Int
    /// The first backoff between attempts, in milliseconds; it doubles each time, up to 5 s.
    public var initialBackoffMilliseconds: Double
    /// Retries of a scale after a 409 conflict (the Deployment changed between read and write).
    public var conflictRetries: Int
    /// Steps and bounds: +2, −1, within 2...10 by default.
    public var scaling: ReplicaPolicy
    /// The tuning parameters `retune` writes into the ConfigMap.
    public var tuning: TuningConfiguration

    public init(
        deployment: String,
        namespace: String? = nil,
        configMap: String? = nil,
        kubeconfig: String? = nil,
        context: String? = nil,
        inCluster: Bool = false,
        dryRun: Bool = false,
        requestTimeoutSeconds: Double = 10,
        maxAttempts: Int = 4,
        initialBackoffMilliseconds: Double = 200,
        conflictRetries: Int = 5,
        scaling: ReplicaPolicy = ReplicaPolicy(),
        tuning: TuningConfiguration = TuningConfiguration()
    ) {
        self.deployment = deployment
        self.namespace = namespace
        self.configMap = configMap
        self.kubeconfig = kubeconfig
        self.context = context
        self.inCluster = inCluster
        self.dryRun = dryRun
        self.requestTimeoutSeconds = max(0.001, requestTimeoutSeconds)
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoffMilliseconds = max(0, initialBackoffMilliseconds)
        self.conflictRetries = max(0, conflictRetries)
        self.scaling = scaling
        self.tuning = tuning
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self(deployment: "")
        self.init(
            deployment: try container.decode(String.self, forKey: .deployment),
            namespace: try container.decodeIfPresent(String.self, forKey: .namespace),
            configMap: try container.decodeIfPresent(String.self, forKey: .configMap),
            kubeconfig: try container.decodeIfPresent(String.self, forKey: .kubeconfig),
            context: try container.decodeIfPresent(String.self, forKey: .context),
            inCluster: try container.decodeIfPresent(Bool.self, forKey: .inCluster) ?? defaults.inCluster,
            dryRun: try container.decodeIfPresent(Bool.self, forKey: .dryRun) ?? defaults.dryRun,
            requestTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .requestTimeoutSeconds)
                ?? defaults.requestTimeoutSeconds,
            maxAttempts: try container.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? defaults.maxAttempts,
            initialBackoffMilliseconds: try container.decodeIfPresent(
                Double.self,
                forKey: .initialBackoffMilliseconds
            ) ?? defaults.initialBackoffMilliseconds,
            conflictRetries: try container.decodeIfPresent(Int.self, forKey: .conflictRetries)
                ?? defaults.conflictRetries,
            scaling: try container.decodeIfPresent(ReplicaPolicy.self, forKey: .scaling) ?? defaults.scaling,
            tuning: try container.decodeIfPresent(TuningConfiguration.self, forKey: .tuning) ?? defaults.tuning
        )
    }

    /// The endpoint these settings name: in-cluster when asked or when in a pod without a kubeconfig, the
    /// kubeconfig otherwise.
    ///
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - serviceAccountDirectory: Where the service account's files are mounted.
    /// - Throws: ``ActuatorError`` when the credentials cannot be read.
    public func endpoint(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = InClusterConfiguration.serviceAccountDirectory
    ) throws -> KubernetesEndpoint {
        if inCluster || (kubeconfig == nil && InClusterConfiguration.isAvailable(environment: environment)) {
            return try InClusterConfiguration.endpoint(environment: environment, directory: serviceAccountDirectory)
        }
        return try Kubeconfig.endpoint(
            path: kubeconfig ?? Kubeconfig.defaultPath(environment: environment),
            context: context
        )
    }
}
