import Foundation
import Yams

/// A kubeconfig file: clusters, users and contexts, of which the current context picks one of each.
///
/// Supports what a controller needs: the server, its CA (file or inline data) or `insecure-skip-tls-verify`, and a
/// user with a bearer token, a token file, or a client certificate and key (files or inline data). Relative file
/// paths are relative to the kubeconfig's directory, as kubectl reads them. `exec` and `auth-provider` plugins are
/// refused with a clear error rather than ignored.
public struct Kubeconfig: Sendable, Decodable, Equatable {
    struct Named<Value: Sendable & Decodable & Equatable>: Sendable, Decodable, Equatable {
        var name: String
        var value: Value

        private enum CodingKeys: String, CodingKey { case name, cluster, user, context }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            let key: CodingKeys =
                container.contains(.cluster) ? .cluster : container.contains(.user) ? .user : .context
            value = try container.decode(Value.self, forKey: key)
        }
    }

    struct Cluster: Sendable, Decodable, Equatable {
        var server: String
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?

        private enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        }
    }

    struct User: Sendable, Decodable, Equatable {
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var exec: JSONPlaceholder?
        var authProvider: JSONPlaceholder?

        private enum CodingKeys: String, CodingKey {
            case token, tokenFile, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    /// Any value, present or not: the plugins this reader refuses.
    struct JSONPlaceholder: Sendable, Decodable, Equatable {
        init(from decoder: any Decoder) throws {}
    }

    struct Context: Sendable, Decodable, Equatable {
        var cluster: String
        var user: String?
        var namespace: String?
    }

    var currentContext: String?
    var clusters: [Named<Cluster>]
    var users: [Named<User>]
    var contexts: [Named<Context>]

    private enum CodingKeys: String, CodingKey {
        case currentContext = "current-context"
        case clusters, users, contexts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currentContext = try container.decodeIfPresent(String.self, forKey: .currentContext)
        clusters = try container.decodeIfPresent([Named<Cluster>].self, forKey: .clusters) ?? []
        users = try container.decodeIfPresent([Named<User>].self, forKey: .users) ?? []
        contexts = try container.decodeIfPresent([Named<Context>].self, forKey: .contexts) ?? []
    }

    /// The path kubectl would read: `$KUBECONFIG` (its first entry) or `~/.kube/config`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let paths = environment["KUBECONFIG"], let first = paths.split(separator: ":").first {
            return String(first)
        }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"
    }

    /// Reads a kubeconfig file and resolves the endpoint of a context.
    ///
    /// - Parameters:
    ///   - path: The kubeconfig file.
    ///   - context: The context to use; `nil` for the file's `current-context`.
    /// - Throws: ``ActuatorError`` with code `configuration` or `credentials` saying what is missing and where.
    public static func endpoint(path: String, context: String? = nil) throws -> KubernetesEndpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ActuatorError(.configuration, "cannot read the kubeconfig \(path); check `kubeconfig` or KUBECONFIG")
        }
        let config: Kubeconfig
        do {
            config = try YAMLDecoder().decode(Kubeconfig.self, from: String(decoding: data, as: UTF8.self))
        } catch {
            throw ActuatorError(.configuration, "the kubeconfig \(path) is not valid: \(error)")
        }
        return try config.endpoint(context: context, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    /// The endpoint of a context, with relative paths resolved against `baseDirectory`.
    ///
    /// - Throws: ``ActuatorError`` when the context, its cluster or its user is missing, or a file is unreadable.
    public func endpoint(context name: String? = nil, baseDirectory: String) throws -> KubernetesEndpoint {
        guard let contextName = name ?? currentContext else {
            throw ActuatorError(.configuration, "the kubeconfig has no current-context; name a context")
        }
        guard let context = contexts.first(where: { $0.name == contextName })?.value else {
            throw ActuatorError(.configuration, "the kubeconfig has no context '\(contextName)'")
        }
        guard let cluster = clusters.first(where: { $0.name == context.cluster })?.value else {
            throw ActuatorError(.configuration, "context '\(contextName)' names a missing cluster '\(context.cluster)'")
        }
        let files = FileReader(baseDirectory: baseDirectory)
        var authentication = KubernetesEndpoint.Authentication.none
        if let userName = context.user {
            guard let user = users.first(where: { $0.name == userName })?.value else {
                throw ActuatorError(.configuration, "context '\(contextName)' names a missing user '\(userName)'")
            }
            authentication = try Self.authentication(of: user, named: userName, files: files)
        }
        return KubernetesEndpoint(
            server: cluster.server,
            certificateAuthorityPEM: try files.bytes(
                data: cluster.certificateAuthorityData,
                file: cluster.certificateAuthority,
                what: "certificate authority of cluster '\(context.cluster)'"
            ),
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify ?? false,
            authentication: authentication,
            namespace: context.namespace
        )
    }

    private static func authentication(
        of user: User,
        named name: String,
        files: FileReader
    ) throws
        -> KubernetesEndpoint.Authentication
    {
        if user.exec != nil || user.authProvider != nil {
            throw ActuatorError(
                .credentials,
                "user '\(name)' authenticates with an exec or auth-provider plugin, which ooda does not run; "
                    + "use a service account token or a client certificate"
            )
        }
        if let token = user.token { return .bearerToken(token) }
        if let tokenFile = user.tokenFile { return .tokenFile(files.resolve(tokenFile)) }
        let certificate = try files.bytes(
            data: user.clientCertificateData,
            file: user.clientCertificate,
            what: "client certificate of user '\(name)'"
        )
        let key = try files.bytes(data: user.clientKeyData, file: user.clientKey, what: "client key of user '\(name)'")
        switch (certificate, key) {
        case (let certificate?, let key?): return .clientCertificate(certificatePEM: certificate, keyPEM: key)
        case (nil, nil): return .none
        default:
            throw ActuatorError(.credentials, "user '\(name)' has a client certificate or key but not both")
        }
    }

    /// Reads the `*-data` (base64) or file form of a kubeconfig field.
    private struct FileReader {
        var baseDirectory: String

        func resolve(_ path: String) -> String {
            path.hasPrefix("/") || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
        }

        func bytes(data: String?, file: String?, what: String) throws -> [UInt8]? {
            if let data {
                guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                    throw ActuatorError(.credentials, "the \(what) is not valid base64")
                }
                return Array(decoded)
            }
            guard let file else { return nil }
            guard let contents = FileManager.default.contents(atPath: resolve(file)) else {
                throw ActuatorError(.credentials, "cannot read the \(what) at \(resolve(file))")
            }
            return Array(contents)
        }
    }
}
