#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Space on one mounted filesystem, as `statvfs(3)` reports it.
public struct FilesystemUsage: Sendable, Equatable {
    /// The mount point the figures were read for.
    public var mountPoint: String
    /// Size in bytes.
    public var sizeBytes: UInt64
    /// Bytes free for the superuser.
    public var freeBytes: UInt64
    /// Bytes available to unprivileged users.
    public var availableBytes: UInt64

    /// The share in use as `df` computes it: used over used plus available, 0...1.
    public var usage: Double {
        let used = sizeBytes >= freeBytes ? sizeBytes - freeBytes : 0
        let denominator = used + availableBytes
        guard denominator > 0 else { return 0 }
        return Double(used) / Double(denominator)
    }

    /// Creates figures from their values.
    ///
    /// - Parameters:
    ///   - mountPoint: The mount point.
    ///   - sizeBytes: Size in bytes.
    ///   - freeBytes: Free bytes.
    ///   - availableBytes: Bytes available to unprivileged users.
    public init(mountPoint: String, sizeBytes: UInt64, freeBytes: UInt64, availableBytes: UInt64) {
        self.mountPoint = mountPoint
        self.sizeBytes = sizeBytes
        self.freeBytes = freeBytes
        self.availableBytes = availableBytes
    }

    /// Reads the figures of the filesystem mounted at `mountPoint`.
    ///
    /// - Parameter mountPoint: A path on the filesystem.
    /// - Throws: ``ObserveError`` with code `unreadableFile` and the errno when `statvfs` fails.
    public static func read(mountPoint: String) throws(ObserveError) -> FilesystemUsage {
        var stats = statvfs()
        guard statvfs(mountPoint, &stats) == 0 else {
            let number = errno
            throw ObserveError(
                .unreadableFile,
                "statvfs failed; check that the mount point exists",
                location: mountPoint,
                errno: number
            )
        }
        let fragment = UInt64(stats.f_frsize)
        return FilesystemUsage(
            mountPoint: mountPoint,
            sizeBytes: UInt64(stats.f_blocks) &* fragment,
            freeBytes: UInt64(stats.f_bfree) &* fragment,
            availableBytes: UInt64(stats.f_bavail) &* fragment
        )
    }
}
