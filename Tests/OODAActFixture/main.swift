// The child process of the exactly-once test: executes one decision through the Kubernetes actuator with a
// file-backed intent journal, and can kill itself with SIGKILL at a chosen step, to be started again.
//
// Usage: ooda-act-fixture <kubeconfig> <journal> <decision-id> <action> [intentRecorded|actuatorReturned]
// Prints every outcome it publishes as one JSON line on standard output.

import Foundation
import Logging
import OODAAct
import OODACore

#if canImport(Glibc)
import Glibc
#endif

func runFixture() async throws {
    let arguments = CommandLine.arguments
    guard arguments.count >= 5, let action = Action(rawValue: arguments[4]) else {
        FileHandle.standardError.write(
            Data("usage: ooda-act-fixture <kubeconfig> <journal> <decision> <action> [step]\n".utf8)
        )
        exit(64)
    }
    let dieAt: ActionExecutor.Step? =
        switch arguments.count > 5 ? arguments[5] : "" {
        case "intentRecorded": .intentRecorded
        case "actuatorReturned": .actuatorReturned
        default: nil
        }

    var logger = Logger(label: "ooda-act-fixture")
    logger.logLevel = .warning
    let actuator = try KubernetesActuator(
        configuration: KubernetesActuatorConfiguration(deployment: "web", kubeconfig: arguments[1], maxAttempts: 1),
        logger: logger
    )
    let journal = try FileIntentJournal(path: arguments[2])
    let executor = ActionExecutor(actuator: actuator, journal: journal, logger: logger) { step, _ in
        if step == dieAt { kill(getpid(), SIGKILL) }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    func publish(_ outcome: ActionOutcome) throws {
        FileHandle.standardOutput.write(try encoder.encode(outcome) + Data("\n".utf8))
    }

    for outcome in try await executor.recover() { try publish(outcome) }
    let decision = Decision(
        action: action,
        proposed: action,
        confidence: 0.9,
        mode: .balanced,
        threshold: 0.7,
        reasoning: ["exactly-once fixture"],
        guardRails: [],
        engine: EngineSnapshot()
    )
    if let outcome = await executor.execute(decision, id: EventID(rawValue: arguments[3]), timeNanos: 1_000_000_000) {
        try publish(outcome)
    }
    await actuator.shutdown()
}

try await runFixture()
