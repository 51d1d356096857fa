import ArgumentParser
import Foundation
import Logging
import OODARuntime
import ServiceLifecycle
import UnixSignals

extension OODA {
    struct Launch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start every stage of a topology as a child process and supervise them.",
            discussion: """
                Stages start downstream first (act, decide, orient, observe), each once the previous one is ready; a \
                stage that crashes is restarted with backoff, and the launcher gives up (exit 1) after repeated fast \
                crashes. Ctrl-C or SIGTERM stops the stages in reverse order. Without a file, the embedded local \
                topology is used.
                """
        )

        @Argument(help: "The topology file (default: topology/local.yml, or the embedded local topology).")
        var topology: String?

        @Option(help: "Seconds between status refreshes; 0 for none.")
        var statusInterval: Double = 2

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "ooda.launch")
            // Its children's pipes may close while it writes; that must not kill the supervisor.
            signal(SIGPIPE, SIG_IGN)
            let file = try TopologyFile.resolve(topology, logger: logger)
            let topology = try Topology.load(file: file)
            try topology.checkStageSettings()
            try topology.checkCurveKeys()
            let launcher = Launcher(
                topology: topology,
                configuration: Launcher.Configuration(
                    topologyFile: file,
                    executable: try CurrentExecutable.path(),
                    statusInterval: statusInterval > 0 ? .milliseconds(Int64(statusInterval * 1000)) : nil
                ),
                logger: logger
            )
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [launcher],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
        }
    }
}
