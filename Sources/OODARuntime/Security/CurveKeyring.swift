import Foundation
import OODACore
import ZeroMQ

/// The CURVE keys of a deployment: a directory of certificates (``CurveCertificate``) with a pair for each stage
/// (`observe.key_secret`, …) and one for the tools that read the bus (`client.key_secret`). Every public
/// certificate in it (`*.key`) is a key the stages admit, as in pyzmq's `load_certificates`: to let a reader in,
/// put its public certificate there and restart the stages it reads.
///
/// A machine needs its own stages' secret certificates and the public certificates of the rest, never another
/// machine's secrets.
public struct CurveKeyring: Sendable {
    /// The directory, as the topology gives it.
    public let directory: String

    /// The pair the tools (`ooda tap`, the launcher's status) subscribe with.
    public static let clientName = "client"
    /// What `ooda keys generate` makes when given no names: the four stages and the client.
    public static var defaultNames: [String] { StageName.loop.map(\.rawValue) + [clientName] }

    public init(directory: String) {
        self.directory = directory
    }

    func path(_ name: String, secret: Bool) -> String {
        let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        return base + (secret ? ".key_secret" : ".key")
    }

    /// The key pair `name` uses, from `name.key_secret`.
    ///
    /// - Throws: ``CurveKeyError`` naming the file: missing, unreadable, not a secret certificate.
    public func keyPair(of name: String) throws(CurveKeyError) -> ZMQCurveKeyPair {
        let file = path(name, secret: true)
        guard let pair = try certificate(at: file).keyPair else {
            throw CurveKeyError(file: file, line: nil, "has no secret-key: it is a public certificate")
        }
        return pair
    }

    /// The public key of `name`, from `name.key` (or, where only the secret certificate is, from that).
    ///
    /// - Throws: ``CurveKeyError`` naming the file.
    public func publicKey(of name: String) throws(CurveKeyError) -> String {
        let file = path(name, secret: false)
        if !FileManager.default.fileExists(atPath: file),
            FileManager.default.fileExists(atPath: path(name, secret: true))
        {
            return try certificate(at: path(name, secret: true)).publicKey
        }
        return try certificate(at: file).publicKey
    }

    /// The public keys of every `*.key` certificate in the directory: the subscribers a stage admits.
    ///
    /// - Throws: ``CurveKeyError`` for an unreadable directory, a bad certificate, or none at all.
    public func authorizedKeys() throws(CurveKeyError) -> Set<String> {
        let names = try files().filter { $0.hasSuffix(".key") }.sorted()
        var keys: Set<String> = []
        for name in names { keys.insert(try certificate(at: path(String(name.dropLast(4)), secret: false)).publicKey) }
        guard !keys.isEmpty else {
            throw CurveKeyError(
                file: directory,
                line: nil,
                "holds no public certificate (*.key), so no one could subscribe; make them with "
                    + "`ooda keys generate \(directory)`"
            )
        }
        return keys
    }

    /// One name of the directory, as `ooda keys list` shows it.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var publicKey: String
        /// The secret certificate is here (this machine can run as `name`).
        public var hasSecret: Bool
        /// The public certificate is here (the stages of this directory admit `name`).
        public var admitted: Bool
    }

    /// Every name with a certificate in the directory, sorted.
    ///
    /// - Throws: ``CurveKeyError`` for an unreadable directory or a bad certificate.
    public func entries() throws(CurveKeyError) -> [Entry] {
        let files = try files()
        let names = Set(
            files.compactMap { file -> String? in
                if file.hasSuffix(".key") { return String(file.dropLast(4)) }
                if file.hasSuffix(".key_secret") { return String(file.dropLast(11)) }
                return nil
            }
        )
        var entries: [Entry] = []
        for name in names.sorted() {
            let hasSecret = files.contains(name + ".key_secret")
            let admitted = files.contains(name + ".key")
            entries.append(
                Entry(name: name, publicKey: try publicKey(of: name), hasSecret: hasSecret, admitted: admitted)
            )
        }
        return entries
    }

    /// Why `name`'s secret certificate should be kept closer, if it should: readable by its group or others.
    public func exposure(of name: String) -> String? {
        let file = path(name, secret: true)
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: file))?[.posixPermissions] as? Int,
            mode & 0o077 != 0
        else { return nil }
        return "\(file) can be read by others (mode \(String(mode, radix: 8))); `chmod 600` it"
    }

    /// The file names in the directory.
    private func files() throws(CurveKeyError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CurveKeyError(
                file: directory,
                line: nil,
                "no such directory; make the keys with `ooda keys generate \(directory)`"
            )
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CurveKeyError(file: directory, line: nil, "cannot list the keys directory: \(Self.reason(error))")
        }
    }

    private func certificate(at file: String) throws(CurveKeyError) -> CurveCertificate {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: file)
            throw CurveKeyError(
                file: file,
                line: nil,
                missing
                    ? "no such file; make the keys with `ooda keys generate \(directory)`"
                    : "cannot read it: \(Self.reason(error))"
            )
        }
        return try CurveCertificate(text: text, file: file)
    }

    private static func reason(_ error: any Error) -> String {
        (error as? CocoaError)?.underlying.map { "\($0.localizedDescription)" } ?? error.localizedDescription
    }

    /// What ``generate(names:now:)`` did with one name.
    public enum Generated: Equatable, Sendable {
        /// A new pair: its public key.
        case made(publicKey: String)
        /// The secret certificate was there and is kept (its public certificate written again if it was missing).
        case kept(publicKey: String)
    }

    /// Makes a key pair for each name that has none: `NAME.key_secret` (mode 600) and `NAME.key`, in the
    /// directory (made, mode 700, if missing). Never replaces a secret certificate: remove it to make a new one.
    ///
    /// - Throws: ``CurveKeyError`` naming the file that cannot be written, or an existing one that is bad.
    public func generate(names: [String], now: Date = Date()) throws(CurveKeyError) -> [(String, Generated)] {
        do {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw CurveKeyError(file: directory, line: nil, "cannot make the keys directory: \(Self.reason(error))")
        }
        var results: [(String, Generated)] = []
        for name in names {
            let secretFile = path(name, secret: true)
            let publicFile = path(name, secret: false)
            if FileManager.default.fileExists(atPath: secretFile) {
                let pair = try keyPair(of: name)
                if !FileManager.default.fileExists(atPath: publicFile) {
                    try store(
                        CurveCertificate(publicKey: pair.publicKey).text(generatedAt: now),
                        to: publicFile,
                        mode: 0o644
                    )
                }
                results.append((name, .kept(publicKey: pair.publicKey)))
                continue
            }
            let pair: ZMQCurveKeyPair
            do {
                pair = try ZMQCurveKeyPair.generate()
            } catch {
                throw CurveKeyError(file: secretFile, line: nil, "cannot make a key pair: \(error)")
            }
            let secret = CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey)
            try store(secret.text(generatedAt: now), to: secretFile, mode: 0o600)
            try store(CurveCertificate(publicKey: pair.publicKey).text(generatedAt: now), to: publicFile, mode: 0o644)
            results.append((name, .made(publicKey: pair.publicKey)))
        }
        return results
    }

    /// Writes a new file with `mode` from its creation (a secret is never readable by others, even briefly), and
    /// syncs it.
    private func store(_ text: String, to file: String, mode: mode_t) throws(CurveKeyError) {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw CurveKeyError(file: file, line: nil, "cannot write it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw CurveKeyError(file: file, line: nil, "cannot write it: \(String(cString: strerror(errno)))")
        }
    }
}
