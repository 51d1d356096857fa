import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import OODACore

/// The few REST calls the Kubernetes actuator makes, over AsyncHTTPClient, with authentication, timeouts and
/// bounded retries.
///
/// A request is retried, with exponential backoff, after a timeout, a connection failure, 429 or a 5xx: every
/// mutation the actuator sends is absolute (a replica count with its `resourceVersion`, a pod template, ConfigMap
/// values), so sending it again cannot apply it twice. Other statuses become an ``ActuatorError`` carrying the
/// API server's own message.
package final class KubernetesAPIClient: Sendable {
    private let endpoint: KubernetesEndpoint
    private let http: HTTPClient
    private let tokens: BearerTokenSource?
    private let requestTimeout: TimeAmount
    private let maxAttempts: Int
    private let initialBackoff: Duration
    private let logger: Logger

    /// Creates a client and its connection pool; call ``shutdown()`` when done.
    ///
    /// - Throws: ``ActuatorError`` with code `credentials` when the CA or client certificate cannot be loaded.
    package init(
        endpoint: KubernetesEndpoint,
        requestTimeout: Duration,
        maxAttempts: Int,
        initialBackoff: Duration,
        logger: Logger
    ) throws {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = try Self.tlsConfiguration(for: endpoint)
        configuration.timeout = .init(connect: .seconds(5))
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.endpoint = endpoint
        if case .tokenFile(let path) = endpoint.authentication {
            self.tokens = BearerTokenSource(path: path)
        } else {
            self.tokens = nil
        }
        self.requestTimeout = .nanoseconds(requestTimeout.wholeNanoseconds)
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.logger = logger
    }

    package func shutdown() async {
        try? await http.shutdown()
    }

    /// Sends one request and decodes its JSON answer, retrying what is safe to retry.
    ///
    /// - Parameters:
    ///   - method: `GET`, `PUT`, `PATCH`.
    ///   - path: The API path, starting with `/api` or `/apis`.
    ///   - query: Query parameters, unencoded.
    ///   - body: The JSON body, if any.
    ///   - contentType: The body's type: `application/json`, `application/merge-patch+json`,
    ///     `application/json-patch+json`.
    /// - Throws: ``ActuatorError`` with the code of the status (unauthorized, forbidden, notFound, conflict,
    ///   invalid, serverError) or of the transport failure (timeout, transport).
    package func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: JSONValue? = nil,
        contentType: String = "application/json"
    ) async throws -> JSONValue {
        let url = endpoint.server + path + Self.encode(query)
        var refreshedToken = false
        var attempt = 1
        while true {
            var failure: ActuatorError
            do {
                let (status, bytes) = try await perform(
                    method,
                    url,
                    body: body,
                    contentType: contentType,
                    refreshToken: refreshedToken
                )
                if (200..<300).contains(status) { return try Self.decode(bytes, method: method, path: path) }
                failure = Self.error(status: status, bytes: bytes, method: method, path: path)
                if status == 401, tokens != nil, !refreshedToken {
                    // The token may have rotated since it was read: read it again once.
                    refreshedToken = true
                    continue
                }
                guard status == 429 || status >= 500 else { throw failure }
            } catch let error as ActuatorError where error.httpStatus != nil || error.code == .credentials {
                throw error
            } catch let error as ActuatorError {
                failure = error
            } catch {
                failure = Self.transportError(error, method: method, url: url)
            }
            guard attempt < maxAttempts else { throw failure }
            let backoff = min(initialBackoff * (1 << (attempt - 1)), .seconds(5))
            logger.warning("\(method) \(path) failed (attempt \(attempt) of \(maxAttempts)): \(failure); retrying")
            try? await Task.sleep(for: backoff)
            attempt += 1
        }
    }

    private func perform(
        _ method: HTTPMethod,
        _ url: String,
        body: JSONValue?,
        contentType: String,
        refreshToken: Bool
    ) async throws -> (Int, [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ooda-act")
        switch endpoint.authentication {
        case .bearerToken(let token): request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .tokenFile:
            if let tokens {
                request.headers.add(
                    name: "Authorization",
                    value: "Bearer \(try await tokens.token(refresh: refreshToken))"
                )
            }
        case .none, .clientCertificate: break
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body.serialized))
        }
        let response = try await http.execute(request, timeout: requestTimeout)
        let buffer = try await response.body.collect(upTo: 32 << 20)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }

    private static func decode(_ bytes: [UInt8], method: HTTPMethod, path: String) throws -> JSONValue {
        if bytes.isEmpty { return .object([:]) }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw ActuatorError(.malformedResponse, "\(method) \(path) answered with something that is not JSON")
        }
    }

    /// The error for a status, with the API server's `Status.message` when it sent one.
    private static func error(status: Int, bytes: [UInt8], method: HTTPMethod, path: String) -> ActuatorError {
        let message = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)))?["message"]?.string
        let said = message.map { ": \($0)" } ?? ""
        let request = "\(method) \(path)"
        switch status {
        case 401:
            return ActuatorError(
                .unauthorized,
                "\(request) was refused, the credentials were not accepted\(said); check the token or "
                    + "client certificate of the kubeconfig user or service account",
                httpStatus: status
            )
        case 403:
            return ActuatorError(
                .forbidden,
                "\(request) is forbidden\(said); grant the Role in deploy/rbac.yaml to the service account",
                httpStatus: status
            )
        case 404:
            return ActuatorError(
                .notFound,
                "\(request) found nothing\(said); check the namespace and names in the actuator's configuration",
                httpStatus: status
            )
        case 409:
            return ActuatorError(.conflict, "\(request) conflicted with a concurrent change\(said)", httpStatus: status)
        case 400, 422:
            return ActuatorError(.invalid, "\(request) was refused as invalid\(said)", httpStatus: status)
        case 429, 500...:
            return ActuatorError(.serverError, "\(request) failed on the server\(said)", httpStatus: status)
        default:
            return ActuatorError(.invalid, "\(request) answered an unexpected status\(said)", httpStatus: status)
        }
    }

    private static func transportError(_ error: any Error, method: HTTPMethod, url: String) -> ActuatorError {
        let timeouts: [HTTPClientError] = [
            .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
            .getConnectionFromPoolTimeout,
        ]
        if let httpError = error as? HTTPClientError, timeouts.contains(httpError) {
            return ActuatorError(.timeout, "\(method) \(url) timed out (\(httpError))")
        }
        return ActuatorError(.transport, "\(method) \(url) failed to connect or was cut: \(error)")
    }

    private static func encode(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+,;/?")
        return "?"
            + query.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
            }.joined(separator: "&")
    }

    private static func tlsConfiguration(for endpoint: KubernetesEndpoint) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = endpoint.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if endpoint.insecureSkipTLSVerify { tls.certificateVerification = .none }
            if case .clientCertificate(let certificate, let key) = endpoint.authentication {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw ActuatorError(
                .credentials,
                "cannot load the CA or client certificate for \(endpoint.server): \(error); check they are PEM"
            )
        }
        return tls
    }
}
