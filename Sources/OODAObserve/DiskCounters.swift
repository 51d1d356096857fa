/// One block device's I/O counters from `/proc/diskstats`.
public struct DiskCounters: Sendable, Equatable {
    /// The device name, for example `vda` or `nvme0n1p1`.
    public var device: String
    /// Reads completed.
    public var readsCompleted: UInt64
    /// Sectors read; a sector here is always 512 bytes (Documentation/admin-guide/iostats.rst).
    public var sectorsRead: UInt64
    /// Writes completed.
    public var writesCompleted: UInt64
    /// Sectors written.
    public var sectorsWritten: UInt64
    /// Milliseconds spent doing I/O.
    public var ioMillis: UInt64

    /// Creates counters from their values.
    ///
    /// - Parameters:
    ///   - device: The device name.
    ///   - readsCompleted: Reads completed.
    ///   - sectorsRead: Sectors read.
    ///   - writesCompleted: Writes completed.
    ///   - sectorsWritten: Sectors written.
    ///   - ioMillis: Milliseconds spent doing I/O.
    public init(
        device: String,
        readsCompleted: UInt64,
        sectorsRead: UInt64,
        writesCompleted: UInt64,
        sectorsWritten: UInt64,
        ioMillis: UInt64
    ) {
        self.device = device
        self.readsCompleted = readsCompleted
        self.sectorsRead = sectorsRead
        self.writesCompleted = writesCompleted
        self.sectorsWritten = sectorsWritten
        self.ioMillis = ioMillis
    }

    /// Parses the text of `/proc/diskstats`, keeping devices whose name does not start with an excluded prefix.
    ///
    /// - Parameters:
    ///   - text: The whole file.
    ///   - excludedPrefixes: Device name prefixes to leave out, for example `loop` and `ram`.
    /// - Throws: ``ObserveError`` with code `malformedProcText` and the line number when a line is short or not numeric.
    public static func parse(_ text: String, excludedPrefixes: [String] = []) throws(ObserveError) -> [DiskCounters] {
        var disks: [DiskCounters] = []
        for (index, line) in text.split(ascii: "\n").enumerated() {
            let fields = line.split(ascii: " ")
            guard !fields.isEmpty else { continue }
            let numbers = fields.count >= 13 ? fields[3..<13].compactMap { UInt64($0) } : []
            guard numbers.count == 10 else {
                throw ObserveError(
                    .malformedProcText,
                    "a device line needs at least 13 fields, the last 10 of them numeric",
                    location: "/proc/diskstats",
                    line: index + 1
                )
            }
            let name = String(fields[2])
            if excludedPrefixes.contains(where: { name.hasPrefix($0) }) { continue }
            disks.append(
                DiskCounters(
                    device: name,
                    readsCompleted: numbers[0],
                    sectorsRead: numbers[2],
                    writesCompleted: numbers[4],
                    sectorsWritten: numbers[6],
                    ioMillis: numbers[9]
                )
            )
        }
        return disks
    }
}
