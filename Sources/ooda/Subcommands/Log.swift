import ArgumentParser

extension OODA {
    /// `ooda log`: the event log's tools.
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and read the append-only event logs (events/<stage>/).",
            subcommands: [Verify.self, Cat.self, AppendTest.self]
        )
    }
}
