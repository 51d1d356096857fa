/// One network interface's counters from `/proc/net/dev`.
public struct NetworkCounters: Sendable, Equatable {
    /// The interface name, for example `eth0`.
    public var interface: String
    /// Bytes received.
    public var receiveBytes: UInt64
    /// Packets received.
    public var receivePackets: UInt64
    /// Receive errors.
    public var receiveErrors: UInt64
    /// Bytes transmitted.
    public var transmitBytes: UInt64
    /// Packets transmitted.
    public var transmitPackets: UInt64
    /// Transmit errors.
    public var transmitErrors: UInt64

    /// Creates counters from their values.
    ///
    /// - Parameters:
    ///   - interface: The interface name.
    ///   - receiveBytes: Bytes received.
    ///   - receivePackets: Packets received.
    ///   - receiveErrors: Receive errors.
    ///   - transmitBytes: Bytes transmitted.
    ///   - transmitPackets: Packets transmitted.
    ///   - transmitErrors: Transmit errors.
    public init(
        interface: String,
        receiveBytes: UInt64,
        receivePackets: UInt64 = 0,
        receiveErrors: UInt64 = 0,
        transmitBytes: UInt64,
        transmitPackets: UInt64 = 0,
        transmitErrors: UInt64 = 0
    ) {
        self.interface = interface
        self.receiveBytes = receiveBytes
        self.receivePackets = receivePackets
        self.receiveErrors = receiveErrors
        self.transmitBytes = transmitBytes
        self.transmitPackets = transmitPackets
        self.transmitErrors = transmitErrors
    }

    /// Parses the text of `/proc/net/dev`, keeping interfaces not listed in `excluded`.
    ///
    /// - Parameters:
    ///   - text: The whole file, with its two header lines.
    ///   - excluded: Interface names to leave out, for example `lo`.
    /// - Throws: ``ObserveError`` with code `malformedProcText` and the line number when a line lacks its 16 counters.
    public static func parse(_ text: String, excluded: Set<String> = []) throws(ObserveError) -> [NetworkCounters] {
        var interfaces: [NetworkCounters] = []
        for (index, line) in text.split(ascii: "\n", omittingEmpty: false).enumerated() {
            // The header lines contain `|`; interface lines are `name: 16 numbers`.
            guard let colon = line.firstIndex(of: ":"), !line.contains("|") else { continue }
            let name = line[..<colon].trimmingSpaces()
            let numbers = line[line.index(after: colon)...].split(ascii: " ").compactMap { UInt64($0) }
            guard !name.isEmpty, numbers.count == 16 else {
                throw ObserveError(
                    .malformedProcText,
                    "an interface line needs a name and 16 numeric counters",
                    location: "/proc/net/dev",
                    line: index + 1
                )
            }
            if excluded.contains(name) { continue }
            interfaces.append(
                NetworkCounters(
                    interface: name,
                    receiveBytes: numbers[0],
                    receivePackets: numbers[1],
                    receiveErrors: numbers[2],
                    transmitBytes: numbers[8],
                    transmitPackets: numbers[9],
                    transmitErrors: numbers[10]
                )
            )
        }
        return interfaces
    }
}
