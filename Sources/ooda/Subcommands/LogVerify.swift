import ArgumentParser
import OODAEventLog

extension OODA.Log {
    /// `ooda log verify DIR`: checks every record and the chain, prints what it checked.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every record's checksum, the hash chain and the sequence of the logs in DIR.",
            discussion: """
                DIR is an events directory (holding observe/, orient/, decide/, act/) or one stage's log. \
                Exits non-zero, naming the file and byte offset of the first bad record, if any check fails.
                """
        )

        @Argument(help: "An events directory or one stage's log directory.")
        var directory: String

        func run() throws {
            let report = try LogVerifier.verify(path: directory)
            print(report)
            if let failure = report.failure { throw failure }
        }
    }
}
