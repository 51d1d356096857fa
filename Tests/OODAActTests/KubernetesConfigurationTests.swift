import Foundation
import Logging
import OODAAct
import Testing

/// Kubeconfig and in-cluster configuration, read from the fixtures in `Fixtures/`.
@Suite struct KubernetesConfigurationTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name)))
    }

    @Test func readsTheCurrentContextWithATokenAndInlineCA() throws {
        let endpoint = try Kubeconfig.endpoint(path: Self.fixtures + "/kubeconfig-token.yaml")
        #expect(endpoint.server == "https://api.staging.example:6443")
        #expect(endpoint.authentication == .bearerToken("fixture-token-123"))
        #expect(endpoint.namespace == "shop")
        #expect(endpoint.certificateAuthorityPEM == (try Self.fixture("ca.crt")))
        #expect(!endpoint.insecureSkipTLSVerify)
    }

    @Test func refusesAnExecPluginClearly() throws {
        let error = try #require(throws: ActuatorError.self) {
            try Kubeconfig.endpoint(path: Self.fixtures + "/kubeconfig-token.yaml", context: "other")
        }
        #expect(error.code == .credentials)
        #expect(error.detail.contains("exec"))
    }

    @Test func namesAMissingContext() throws {
        let error = try #require(throws: ActuatorError.self) {
            try Kubeconfig.endpoint(path: Self.fixtures + "/kubeconfig-token.yaml", context: "nowhere")
        }
        #expect(error.detail.contains("nowhere"))
    }

    @Test func readsClientCertificateFilesRelativeToTheKubeconfig() async throws {
        let endpoint = try Kubeconfig.endpoint(path: Self.fixtures + "/kubeconfig-cert.yaml")
        #expect(endpoint.server == "https://127.0.0.1:6443")
        #expect(endpoint.certificateAuthorityPEM == (try Self.fixture("ca.crt")))
        #expect(
            endpoint.authentication
                == .clientCertificate(
                    certificatePEM: try Self.fixture("client.crt"),
                    keyPEM: try Self.fixture("client.key")
                )
        )
        #expect(endpoint.namespace == nil)
        // The certificate, key and CA load into a TLS configuration.
        let actuator = try KubernetesActuator(
            configuration: KubernetesActuatorConfiguration(deployment: "web"),
            endpoint: endpoint,
            logger: Logger(label: "test")
        )
        await actuator.shutdown()
    }

    @Test func readsTheServiceAccountInACluster() throws {
        let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let configuration = KubernetesActuatorConfiguration(deployment: "web")
        let endpoint = try configuration.endpoint(
            environment: environment,
            serviceAccountDirectory: Self.fixtures + "/serviceaccount"
        )
        #expect(endpoint.server == "https://10.96.0.1:443")
        #expect(endpoint.authentication == .tokenFile(Self.fixtures + "/serviceaccount/token"))
        #expect(endpoint.namespace == "ooda-system")
        #expect(endpoint.certificateAuthorityPEM == (try Self.fixture("ca.crt")))
    }

    @Test func bracketsAnIPv6ServiceAddress() throws {
        let endpoint = try InClusterConfiguration.endpoint(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"],
            directory: Self.fixtures + "/serviceaccount"
        )
        #expect(endpoint.server == "https://[fd00::1]:443")
    }

    @Test func saysWhatToDoOutsideAClusterWithoutAKubeconfig() throws {
        let error = try #require(throws: ActuatorError.self) {
            try KubernetesActuatorConfiguration(deployment: "web", inCluster: true).endpoint(environment: [:])
        }
        #expect(error.detail.contains("kubeconfig"))
    }

    @Test func decodesItsConfigurationWithDefaults() throws {
        let decoded = try JSONDecoder().decode(
            KubernetesActuatorConfiguration.self,
            from: Data(#"{"deployment": "web", "dryRun": true, "scaling": {"min": 1}}"#.utf8)
        )
        #expect(decoded.deployment == "web")
        #expect(decoded.dryRun)
        #expect(decoded.namespace == nil)
        #expect(decoded.maxAttempts == 4)
        #expect(decoded.scaling.minReplicas == 1)
        #expect(decoded.scaling.maxReplicas == 10)
    }
}
