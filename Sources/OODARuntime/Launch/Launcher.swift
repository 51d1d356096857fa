import Logging
import OODACore
import ServiceLifecycle

/// `ooda launch`: runs every stage of a topology as a child process, supervises them, shows their status,
/// and stops them in reverse order on a graceful shutdown (SIGTERM, SIGINT).
///
/// Stages start downstream first (act, decide, orient, observe), each waiting for the one before to be
/// ready, so that nothing a stage publishes at start-up finds its consumer missing. They stop in the reverse
/// order: producers first, so consumers drain what is in flight.
public struct Launcher: Service {
    public struct Configuration: Sendable {
        /// The topology file, passed on to every stage.
        public var topologyFile: String
        /// The `ooda` executable to run the stages with (normally this very binary).
        public var executable: String
        public var restartPolicy: RestartPolicy
        /// How long a stage has to exit after SIGTERM before it gets SIGKILL.
        public var gracePeriod: Duration
        /// How often the status is shown; nil for no status display.
        public var statusInterval: Duration?

        public init(
            topologyFile: String,
            executable: String,
            restartPolicy: RestartPolicy = RestartPolicy(),
            gracePeriod: Duration = .seconds(10),
            statusInterval: Duration? = .seconds(2)
        ) {
            self.topologyFile = topologyFile
            self.executable = executable
            self.restartPolicy = restartPolicy
            self.gracePeriod = gracePeriod
            self.statusInterval = statusInterval
        }
    }

    /// Why the launcher stopped on its own.
    public struct GaveUp: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "ooda launch gave up: \(reason)" }
    }

    public let topology: Topology
    public let configuration: Configuration
    public let board: LaunchStatusBoard
    private let logger: Logger

    public init(topology: Topology, configuration: Configuration, logger: Logger) {
        self.topology = topology
        self.configuration = configuration
        self.board = LaunchStatusBoard(stages: topology.orderedStages.map(\.stage))
        self.logger = logger
    }

    /// Updates the status from one envelope seen on the bus (a heartbeat or a decision).
    public func applyStatus(_ envelope: Envelope) {
        StatusFeed(topology: topology, board: board, logger: logger).apply(envelope)
    }

    /// The order stages start in: downstream first.
    var startOrder: [StageName] { topology.orderedStages.map(\.stage).reversed() }

    public func run() async throws {
        let (readiness, readinessInput) = AsyncStream.makeStream(of: StageName.self)
        let (giveUps, giveUpInput) = AsyncStream.makeStream(of: String.self)
        var supervisors: [(StageName, Task<Void, Never>)] = []
        var ready = readiness.makeAsyncIterator()
        // A stop requested, or a stage given up on, while waiting for readiness ends the wait.
        await withGracefulShutdownHandler {
            for stage in startOrder {
                let child = StageChild(
                    stage: stage,
                    executable: configuration.executable,
                    arguments: [stage.rawValue, "--topology", configuration.topologyFile],
                    policy: configuration.restartPolicy,
                    gracePeriod: configuration.gracePeriod,
                    board: board,
                    logger: logger
                )
                let task = Task {
                    if let reason = await child.supervise(onReady: { readinessInput.yield(stage) }) {
                        giveUpInput.yield(reason)
                        readinessInput.finish()
                    }
                }
                supervisors.append((stage, task))
                var isReady = false
                while let next = await ready.next() {
                    if next == stage {
                        isReady = true
                        break
                    }
                }
                guard isReady, !Task.isCancelled else { break }
                logger.info("stage ready", metadata: ["stage": "\(stage)"])
            }
        } onGracefulShutdown: {
            readinessInput.finish()
        }
        let feed = Task { await StatusFeed(topology: topology, board: board, logger: logger).run() }
        let reason = await waitForShutdownOrGiveUp(giveUps)
        feed.cancel()
        var unclean: [String] = []
        for (stage, task) in supervisors.reversed() {
            logger.info("stopping stage", metadata: ["stage": "\(stage)"])
            task.cancel()
            await task.value
            let phase = board.snapshot().first { $0.stage == stage }?.phase
            if case .stopped(let exit) = phase {
                logger.info("stage \(stage) stopped: \(exit)")
                if exit != "exit status 0" { unclean.append("\(stage) (\(exit))") }
            }
        }
        readinessInput.finish()
        if let reason { throw GaveUp(reason: reason) }
        if !unclean.isEmpty { throw GaveUp(reason: "stages did not stop cleanly: \(unclean.joined(separator: ", "))") }
    }

    /// Shows the status until a graceful shutdown is requested or a stage is given up on.
    private func waitForShutdownOrGiveUp(_ giveUps: AsyncStream<String>) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                try? await gracefulShutdown()
                return nil
            }
            group.addTask {
                for await reason in giveUps { return reason }
                return nil
            }
            if let interval = configuration.statusInterval {
                group.addTask {
                    let display = StatusDisplay(board: board)
                    while !Task.isCancelled {
                        display.show()
                        try? await Task.sleep(for: interval)
                    }
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
