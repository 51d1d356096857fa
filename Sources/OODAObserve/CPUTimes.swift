/// The aggregate CPU time counters of `/proc/stat`, in clock ticks.
public struct CPUTimes: Sendable, Equatable {
    /// Ticks spent doing work: user, nice, system, irq, softirq and steal.
    public var busy: UInt64
    /// Ticks spent idle or waiting for I/O.
    public var idle: UInt64
    /// The number of CPUs listed (`cpu0`, `cpu1`, …).
    public var cpuCount: Int

    /// Creates counters from their values.
    ///
    /// - Parameters:
    ///   - busy: Ticks spent working.
    ///   - idle: Ticks spent idle or waiting for I/O.
    ///   - cpuCount: The number of CPUs.
    public init(busy: UInt64, idle: UInt64, cpuCount: Int) {
        self.busy = busy
        self.idle = idle
        self.cpuCount = cpuCount
    }

    /// Parses the text of `/proc/stat`.
    ///
    /// Guest time is already counted in user and nice (proc(5)), so it is not added again.
    ///
    /// - Parameter text: The whole file.
    /// - Throws: ``ObserveError`` with code `malformedProcText` when the aggregate `cpu` line is missing or short.
    public static func parse(_ text: String) throws(ObserveError) -> CPUTimes {
        var aggregate: [UInt64]?
        var count = 0
        for (index, line) in text.split(ascii: "\n", omittingEmpty: false).enumerated() {
            guard line.hasPrefix("cpu") else { continue }
            let fields = line.split(ascii: " ")
            if fields[0] != "cpu" {
                count += 1
                continue
            }
            let numbers = fields.dropFirst().prefix(8).compactMap { UInt64($0) }
            guard numbers.count >= 4, numbers.count == min(8, fields.count - 1) else {
                throw ObserveError(
                    .malformedProcText,
                    "the aggregate cpu line needs at least 4 numeric fields",
                    location: "/proc/stat",
                    line: index + 1
                )
            }
            aggregate = numbers
        }
        guard let values = aggregate else {
            throw ObserveError(.malformedProcText, "no aggregate cpu line", location: "/proc/stat")
        }
        // user nice system idle iowait irq softirq steal
        let field = { (index: Int) -> UInt64 in index < values.count ? values[index] : 0 }
        let idle = field(3) &+ field(4)
        let busy = field(0) &+ field(1) &+ field(2) &+ field(5) &+ field(6) &+ field(7)
        return CPUTimes(busy: busy, idle: idle, cpuCount: max(count, 1))
    }

    /// The share of time busy between two readings, 0...1, or `nil` when no tick passed.
    ///
    /// - Parameters:
    ///   - previous: The earlier reading.
    ///   - current: The later reading.
    /// - Returns: The busy share over the interval.
    public static func usage(from previous: CPUTimes, to current: CPUTimes) -> Double? {
        let busy = CounterDelta.between(previous.busy, current.busy)
        let idle = CounterDelta.between(previous.idle, current.idle)
        let total = busy &+ idle
        guard total > 0 else { return nil }
        return min(1, max(0, Double(busy) / Double(total)))
    }
}
