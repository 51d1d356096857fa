/// Memory figures from `/proc/meminfo`, in bytes.
public struct MemoryInfo: Sendable, Equatable {
    /// `MemTotal`.
    public var totalBytes: UInt64
    /// `MemAvailable`, or free plus buffers plus cache on kernels older than 3.14.
    public var availableBytes: UInt64
    /// `SwapTotal`, zero when absent.
    public var swapTotalBytes: UInt64
    /// `SwapFree`, zero when absent.
    public var swapFreeBytes: UInt64

    /// The share of memory in use, 0...1.
    public var usage: Double {
        guard totalBytes > 0 else { return 0 }
        return min(1, max(0, 1 - Double(availableBytes) / Double(totalBytes)))
    }

    /// Creates figures from their values.
    ///
    /// - Parameters:
    ///   - totalBytes: Total memory.
    ///   - availableBytes: Memory available to new work.
    ///   - swapTotalBytes: Total swap.
    ///   - swapFreeBytes: Free swap.
    public init(totalBytes: UInt64, availableBytes: UInt64, swapTotalBytes: UInt64 = 0, swapFreeBytes: UInt64 = 0) {
        self.totalBytes = totalBytes
        self.availableBytes = availableBytes
        self.swapTotalBytes = swapTotalBytes
        self.swapFreeBytes = swapFreeBytes
    }

    /// Parses the text of `/proc/meminfo`.
    ///
    /// - Parameter text: The whole file.
    /// - Throws: ``ObserveError`` with code `malformedProcText` when `MemTotal` is missing or a value is not a number.
    public static func parse(_ text: String) throws(ObserveError) -> MemoryInfo {
        var values: [Substring: UInt64] = [:]
        for (index, line) in text.split(ascii: "\n").enumerated() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            let rest = line[line.index(after: colon)...].split(ascii: " ")
            guard let first = rest.first, let number = UInt64(first) else {
                throw ObserveError(
                    .malformedProcText,
                    "the value of \(key) is not a number",
                    location: "/proc/meminfo",
                    line: index + 1
                )
            }
            let multiplier: UInt64 = rest.count > 1 && rest[1] == "kB" ? 1024 : 1
            values[key] = number &* multiplier
        }
        guard let total = values["MemTotal"] else {
            throw ObserveError(.malformedProcText, "MemTotal is missing", location: "/proc/meminfo")
        }
        let fallback = (values["MemFree"] ?? 0) &+ (values["Buffers"] ?? 0) &+ (values["Cached"] ?? 0)
        return MemoryInfo(
            totalBytes: total,
            availableBytes: values["MemAvailable"] ?? fallback,
            swapTotalBytes: values["SwapTotal"] ?? 0,
            swapFreeBytes: values["SwapFree"] ?? 0
        )
    }
}
