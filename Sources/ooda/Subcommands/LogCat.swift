import ArgumentParser
import Foundation
import OODAEventLog

extension OODA.Log {
    /// `ooda log cat DIR`: prints the records merged across stages.
    struct Cat: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the records of the logs in DIR, merged across stages in time and causal order."
        )

        @Argument(help: "An events directory or one stage's log directory.")
        var directory: String

        @Option(help: "Print only these kinds (repeat, or separate with commas): observation, decision, …")
        var kind: [String] = []

        @Option(help: "Print only records from this time on: RFC 3339 (2024-11-24T01:02:03Z) or a duration ago (10m).")
        var since: String?

        @Flag(help: "Print each envelope's JSON exactly as stored, one per line.")
        var json = false

        func run() throws {
            let now = Int64((Date().timeIntervalSince1970 * 1e9).rounded())
            let sinceNanos = try since.map { text in
                guard let nanos = EventTime.parseSince(text, nowNanos: now) else {
                    throw ValidationError("--since '\(text)' is neither an RFC 3339 time nor a duration such as 10m")
                }
                return nanos
            }
            let printer = LogPrinter(kinds: try LogPrinter.parseKinds(kind), sinceNanos: sinceNanos, json: json)
            try printer.print(path: directory) { print($0) }
        }
    }
}
