/// Parses the Prometheus text exposition format, version 0.0.4.
///
/// Pure and line-oriented: a malformed line is refused with its line number and the reason, and every other
/// line is kept, so one bad series from a target never hides the rest.
public struct ExpositionParser: Sendable {
    /// Where the text came from, named in errors (a URL, a file).
    public var location: String

    /// Creates a parser.
    ///
    /// - Parameter location: Where the text came from, named in errors.
    public init(location: String = "exposition") {
        self.location = location
    }

    /// Parses a whole exposition text.
    ///
    /// - Parameter text: The text, as served with `Content-Type: text/plain; version=0.0.4`.
    /// - Returns: The families, the samples and one error per refused line.
    public func parse(_ text: String) -> Exposition {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses a whole exposition text given as UTF-8 bytes.
    ///
    /// - Parameter bytes: The text's bytes.
    /// - Returns: The families, the samples and one error per refused line.
    public func parse(bytes: UnsafeBufferPointer<UInt8>) -> Exposition {
        var exposition = Exposition()
        var typed: Set<String> = []
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var line = ExpositionLine(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            do {
                try parseLine(&line, into: &exposition, typed: &typed)
            } catch {
                exposition.errors.append(
                    ObserveError(.malformedLine, error.reason, location: location, line: lineNumber)
                )
            }
            start = end + 1
        }
        return exposition
    }

    private func parseLine(
        _ line: inout ExpositionLine,
        into exposition: inout Exposition,
        typed: inout Set<String>
    ) throws(LineFailure) {
        line.skipBlanks()
        if line.atEnd { return }
        if line.peek == UInt8(ascii: "#") {
            line.advance()
            try parseComment(&line, into: &exposition, typed: &typed)
            return
        }
        let name = try line.metricName()
        guard !line.atEnd else { throw LineFailure("missing value after \(name)") }
        guard line.peek == UInt8(ascii: " ") || line.peek == UInt8(ascii: "\t") || line.peek == UInt8(ascii: "{") else {
            throw LineFailure("invalid character in metric name after '\(name)'")
        }
        var labels: [String: String] = [:]
        line.skipBlanks()
        if line.peek == UInt8(ascii: "{") {
            line.advance()
            labels = try line.labels()
        }
        line.skipBlanks()
        let valueToken = line.token()
        guard !valueToken.isEmpty else { throw LineFailure("missing value after \(name)") }
        guard let value = Self.value(valueToken) else { throw LineFailure("value '\(valueToken)' is not a number") }
        line.skipBlanks()
        var timestamp: Int64?
        if !line.atEnd {
            let token = line.token()
            guard let millis = Int64(token) else { throw LineFailure("timestamp '\(token)' is not an integer") }
            timestamp = millis
            line.skipBlanks()
            guard line.atEnd else { throw LineFailure("unexpected text after the timestamp") }
        }
        exposition.samples.append(
            ExpositionSample(name: name, labels: labels, value: value, timestampMillis: timestamp)
        )
    }

    private func parseComment(
        _ line: inout ExpositionLine,
        into exposition: inout Exposition,
        typed: inout Set<String>
    ) throws(LineFailure) {
        line.skipBlanks()
        let keyword = line.token()
        guard keyword == "HELP" || keyword == "TYPE" else { return }
        line.skipBlanks()
        let name = try line.metricName()
        guard line.atEnd || line.peek == UInt8(ascii: " ") || line.peek == UInt8(ascii: "\t") else {
            throw LineFailure("invalid character in metric name after '\(name)'")
        }
        line.skipBlanks()
        var family = exposition.families[name] ?? MetricFamily(name: name)
        if keyword == "HELP" {
            guard family.help == nil else { throw LineFailure("second HELP line for \(name)") }
            family.help = try line.helpText()
        } else {
            let word = line.token()
            line.skipBlanks()
            guard let type = MetricFamily.MetricType(rawValue: word), line.atEnd else {
                throw LineFailure(
                    "unknown type '\(word)' for \(name): use counter, gauge, histogram, summary or untyped"
                )
            }
            guard typed.insert(name).inserted else { throw LineFailure("second TYPE line for \(name)") }
            family.type = type
        }
        exposition.families[name] = family
    }

    /// Parses a sample value as Go's `strconv.ParseFloat` (which Prometheus uses) reads it.
    ///
    /// That includes `NaN`, `+Inf`, `-Inf` and, case-insensitively, `nan`, `inf` and `infinity`, which
    /// swift-prometheus writes for non-finite gauges.
    static func value(_ token: String) -> Double? {
        switch token {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(token)
        }
    }
}
