import OODARuntime
import Testing

@Suite struct RestartPolicyTests {
    let policy = RestartPolicy(
        initialBackoff: .milliseconds(100),
        maximumBackoff: .milliseconds(500),
        stableRun: .seconds(10),
        maximumFastCrashes: 5
    )

    @Test func fastCrashesBackOffExponentiallyUpToTheMaximum() {
        var record = RestartPolicy.Record()
        let delays = (1...4).map { _ in policy.afterExit(of: &record, runTime: .seconds(1), exit: "exit status 1") }
        #expect(
            delays == [
                .restart(after: .milliseconds(100)), .restart(after: .milliseconds(200)),
                .restart(after: .milliseconds(400)), .restart(after: .milliseconds(500)),
            ]
        )
        #expect(record.restarts == 4)
    }

    @Test func aStableRunResetsTheBackoff() {
        var record = RestartPolicy.Record()
        _ = policy.afterExit(of: &record, runTime: .seconds(1), exit: "exit status 1")
        _ = policy.afterExit(of: &record, runTime: .seconds(1), exit: "exit status 1")
        let verdict = policy.afterExit(of: &record, runTime: .seconds(60), exit: "signal 9")
        #expect(verdict == .restart(after: .milliseconds(100)))
    }

    @Test func repeatedFastCrashesGiveUpAndSayWhy() throws {
        var record = RestartPolicy.Record()
        var verdict = RestartPolicy.Verdict.restart(after: .zero)
        for _ in 1...5 { verdict = policy.afterExit(of: &record, runTime: .milliseconds(50), exit: "exit status 3") }
        guard case .giveUp(let reason) = verdict else {
            Issue.record("expected to give up, got \(verdict)")
            return
        }
        #expect(reason.contains("5 times"))
        #expect(reason.contains("exit status 3"))
    }
}
