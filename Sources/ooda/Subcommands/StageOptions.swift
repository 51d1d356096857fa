import ArgumentParser
import Logging
import OODACore
import OODARuntime

/// What every stage subcommand takes: the topology and the log level.
struct StageOptions: ParsableArguments {
    @Option(help: "The topology file (default: topology/local.yml, or the embedded local topology).")
    var topology: String?

    @OptionGroup var logging: LoggingOptions

    /// Runs one stage until SIGTERM or SIGINT.
    func run(_ stage: StageName) async throws {
        let logger = logging.bootstrap(label: "ooda.\(stage)")
        try await StageProcess.run(
            stage,
            topologyFile: try TopologyFile.resolve(topology, logger: logger),
            logger: logger
        )
    }
}
