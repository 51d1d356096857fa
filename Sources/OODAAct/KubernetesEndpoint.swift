/// Where the API server is and how to authenticate to it: from a kubeconfig or from the in-cluster service account.
public struct KubernetesEndpoint: Sendable, Equatable {
    /// How requests authenticate.
    public enum Authentication: Sendable, Equatable {
        /// No credentials (a local, unauthenticated server; tests).
        case none
        /// A fixed bearer token.
        case bearerToken(String)
        /// A bearer token read from a file and re-read as it rotates (a projected service-account token).
        case tokenFile(String)
        /// A client certificate and its private key, PEM.
        case clientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8])
    }

    /// The API server's base URL: `https://10.96.0.1:443`. HTTPS unless the URL says `http`.
    public var server: String
    /// The certificate authorities that sign the server's certificate, PEM; `nil` uses the system's.
    public var certificateAuthorityPEM: [UInt8]?
    /// Skips verification of the server's certificate (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool
    /// How requests authenticate.
    public var authentication: Authentication
    /// The namespace the configuration names, if any (the context's, or the service account's).
    public var namespace: String?

    public init(
        server: String,
        certificateAuthorityPEM: [UInt8]? = nil,
        insecureSkipTLSVerify: Bool = false,
        authentication: Authentication = .none,
        namespace: String? = nil
    ) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.authentication = authentication
        self.namespace = namespace
    }
}
