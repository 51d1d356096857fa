import Logging
import OODACore
import Subprocess
import SystemPackage

/// An actuator over real local replicas of a command, started and stopped through swift-subprocess.
///
/// `scaleUp` starts replicas; `scaleDown` stops the newest gracefully (SIGTERM, then SIGKILL after the graceful
/// stop timeout); `rollback` restarts every replica with the previous command revision; `retune` restarts every
/// replica with the new tuning values in its environment. Replicas that die are noticed at once, published on
/// ``replicaExits``, and counted in the next outcome's `lostReplicas`; they are not replaced behind the loop's back.
///
/// - Important: Call ``start()`` before the first action and ``shutdown()`` at the end: replicas are children of
///   this process and are stopped by it.
public actor ProcessActuator: Actuator {
    private struct Replica {
        var number: Int
        var pid: Int32?
        var task: Task<Void, Never>
        var stopping = false
    }

    public nonisolated let kind = "process"
    public nonisolated let scaling: ReplicaPolicy
    /// Every replica that ends, in the order they end.
    public nonisolated let replicaExits: AsyncStream<ReplicaExit>
    private let exitContinuation: AsyncStream<ReplicaExit>.Continuation
    private let configuration: ProcessActuatorConfiguration
    private let revisions: [CommandRevision]
    private let logger: Logger
    private var replicas: [Replica] = []
    private var revisionIndex: Int
    private var tuning: [String: Double]
    private var lostSinceLastOutcome = 0
    private var nextReplicaNumber = 1

    public init(configuration: ProcessActuatorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.scaling = configuration.scaling
        self.revisions = configuration.allRevisions
        self.revisionIndex = revisions.count - 1
        self.tuning = configuration.tuning.initialValues
        self.logger = logger
        (replicaExits, exitContinuation) = AsyncStream.makeStream()
    }

    /// Starts the initial replicas.
    ///
    /// - Throws: ``ActuatorError`` with code `spawnFailed` when a replica cannot be started.
    public func start() async throws {
        // One start per missing replica: a command that dies at once must not make this loop forever.
        for _ in liveReplicas..<max(liveReplicas, scaling.clamped(configuration.initialReplicas)) {
            try await startReplica()
        }
    }

    /// Stops every replica gracefully and waits for them to end.
    public func shutdown() async {
        while let last = replicas.indices.last(where: { !replicas[$0].stopping }) {
            await stopReplica(at: last)
        }
        exitContinuation.finish()
    }

    /// The process ids of the running replicas, oldest first.
    public var pids: [Int32] {
        replicas.filter { !$0.stopping }.compactMap(\.pid)
    }

    public func currentState() -> TargetState { state }

    public func execute(_ action: Action, decision: EventID, targetReplicas: Int?) async -> ActuatorResult {
        let clock = ContinuousClock()
        let start = clock.now
        var success = true
        var details: String
        do {
            details = try await apply(action, targetReplicas: targetReplicas)
        } catch {
            success = false
            details = "\(action) failed: \(error)"
        }
        if lostSinceLastOutcome > 0 {
            details += "; \(lostSinceLastOutcome) replica(s) died since the last action"
        }
        let result = ActuatorResult(
            success: success,
            details: details,
            executionNanos: (clock.now - start).wholeNanoseconds,
            state: state
        )
        lostSinceLastOutcome = 0
        return result
    }

    private var liveReplicas: Int { replicas.count(where: { !$0.stopping }) }

    private var state: TargetState {
        TargetState(
            replicas: liveReplicas,
            minReplicas: scaling.minReplicas,
            maxReplicas: scaling.maxReplicas,
            revision: revisionIndex + 1,
            tuning: tuning,
            lostReplicas: lostSinceLastOutcome
        )
    }

    private func apply(_ action: Action, targetReplicas: Int?) async throws -> String {
        switch action {
        case .scaleUp, .scaleDown:
            let before = liveReplicas
            let desired = scaling.desiredReplicas(for: action, current: before, requested: targetReplicas)
            for _ in before..<max(before, desired) { try await startReplica() }
            while liveReplicas > desired, let newest = replicas.indices.last(where: { !replicas[$0].stopping }) {
                await stopReplica(at: newest)
            }
            return scaling.scalingDetails(from: before, to: liveReplicas)
        case .rollback:
            guard revisionIndex > 0 else {
                throw ActuatorError(
                    .noPreviousRevision,
                    "the command is at its first revision; list earlier ones under `revisions` to roll back"
                )
            }
            revisionIndex -= 1
            try await restartAll()
            return
                "Rolled back from revision \(revisionIndex + 2) to \(revisionIndex + 1) (\(revisions[revisionIndex].command)); "
                + "\(liveReplicas) replicas restarted"
        case .retune:
            let before = tuning
            tuning = configuration.tuning.retuned(before)
            guard tuning != before else { return configuration.tuning.retuneDetails(from: before, to: tuning) }
            try await restartAll()
            return configuration.tuning.retuneDetails(from: before, to: tuning) + "; \(liveReplicas) replicas restarted"
        case .noop:
            return "No action"
        }
    }

    /// Replaces every replica, one at a time (start the new, then stop the old), so capacity never drops.
    private func restartAll() async throws {
        let old = replicas.filter { !$0.stopping }.map(\.number)
        for number in old {
            try await startReplica()
            if let index = replicas.firstIndex(where: { $0.number == number && !$0.stopping }) {
                await stopReplica(at: index)
            }
        }
    }

    private func startReplica() async throws {
        let number = nextReplicaNumber
        nextReplicaNumber += 1
        let revision = revisions[revisionIndex]
        var environment: [Environment.Key: String?] = [:]
        for (name, value) in revision.environment {
            if let key = Environment.Key(rawValue: name) { environment[key] = value }
        }
        for (name, value) in tuning {
            if let key = Environment.Key(rawValue: configuration.tuningVariable(name)) {
                environment[key] = TuningConfiguration.format(value)
            }
        }
        var options = PlatformOptions()
        options.teardownSequence = [
            .gracefulShutDown(allowedDurationToNextStep: .milliseconds(Int64(configuration.gracefulStopSeconds * 1000)))
        ]
        let executable: Executable =
            revision.command.contains("/") ? .path(FilePath(revision.command)) : .name(revision.command)
        let (started, startedContinuation) = AsyncStream<Result<Int32, ActuatorError>>.makeStream()
        let task = Task.detached { [arguments = revision.arguments, environment, options] in
            let status: String
            var spawned: Int32?
            do {
                let result = try await Subprocess.run(
                    executable,
                    arguments: Arguments(arguments),
                    environment: .inherit.updating(environment),
                    platformOptions: options,
                    input: .none,
                    output: .sequence,
                    error: .currentStandardError
                ) { execution in
                    spawned = execution.processIdentifier.value
                    startedContinuation.yield(.success(execution.processIdentifier.value))
                    // Drained so the replica never blocks on a full pipe; it ends when the replica exits.
                    for try await _ in execution.standardOutput {}
                }
                status = "\(result.terminationStatus)"
            } catch {
                startedContinuation.yield(
                    .failure(ActuatorError(.spawnFailed, "cannot start `\(revision.command)`: \(error)"))
                )
                status = "\(error)"
            }
            startedContinuation.finish()
            await self.replicaEnded(number, pid: spawned, status: status)
        }
        replicas.append(Replica(number: number, task: task))
        for await first in started {
            switch first {
            case .success(let pid):
                if let index = replicas.firstIndex(where: { $0.number == number }) { replicas[index].pid = pid }
                logger.info("started replica \(number) (pid \(pid)) of revision \(revisionIndex + 1)")
                return
            case .failure(let error):
                throw error
            }
        }
    }

    private func stopReplica(at index: Int) async {
        replicas[index].stopping = true
        let replica = replicas[index]
        // Cancelling the run makes swift-subprocess run the teardown sequence: SIGTERM, then SIGKILL.
        replica.task.cancel()
        await replica.task.value
    }

    private func replicaEnded(_ number: Int, pid: Int32?, status: String) {
        guard let index = replicas.firstIndex(where: { $0.number == number }) else { return }
        let replica = replicas.remove(at: index)
        // A replica that never started is reported by startReplica, as a failed action.
        guard let pid else { return }
        if !replica.stopping {
            lostSinceLastOutcome += 1
            logger.warning("replica \(number) (pid \(pid)) died: \(status)")
        }
        exitContinuation.yield(ReplicaExit(replica: number, pid: pid, status: status, requested: replica.stopping))
    }
}
