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

        @Option(
            help: """
                Print only records from this time on: RFC 3339 (2024-11-24T03:12:00Z), a UTC date and time \
                (2024-11-24 03:12), a UTC time of day (03:12, the latest one up to now) or a duration ago (10m).
                """
        )
        var since: String?

        @Option(help: "Print only records before this time; the same forms as --since.")
        var until: String?

        @Flag(help: "Print each envelope's JSON exactly as stored, one per line.")
        var json = false

        func run() throws {
            let now = Int64((Date().timeIntervalSince1970 * 1e9).rounded())
            func time(_ option: String, _ text: String?) throws -> Int64? {
                try text.map { text in
                    guard let nanos = EventTime.parse(text, nowNanos: now) else {
                        throw ValidationError("\(option) '\(text)' is not \(EventTime.accepted)")
                    }
                    return nanos
                }
            }
            let printer = LogPrinter(
                kinds: try LogPrinter.parseKinds(kind),
                sinceNanos: try time("--since", since),
                untilNanos: try time("--until", until),
                json: json
            )
            try printer.print(path: directory) { print($0) }
        }
    }
}
