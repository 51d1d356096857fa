#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small pseudo-files such as those under `/proc`, whose reported size is zero, to the end.
enum ProcFile {
    /// Reads the whole file at `path` as UTF-8.
    ///
    /// - Parameter path: The file to read.
    /// - Throws: ``ObserveError`` with code `unreadableFile` and the errno of the failing call.
    static func contents(of path: String) throws(ObserveError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ObserveError(.unreadableFile, "open failed", location: path, errno: errno)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ObserveError(.unreadableFile, "read failed", location: path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
