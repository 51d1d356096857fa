import Foundation

/// How this machine's idle CPUs wake, which sets the floor of every latency measured between threads.
///
/// On a virtual machine with the `haltpoll` cpuidle driver, `guest_halt_poll_ns` is how long an idle vCPU
/// polls before it halts; waking a halted vCPU goes through the host and costs tens of microseconds. The
/// kernel's default is 200,000 ns; 0 halts at once. Printed with the latency benchmarks so that their figures
/// can be compared across machines.
enum HostIdle {
    static func describe() -> String {
        let driver = read("/sys/devices/system/cpu/cpuidle/current_driver") ?? "none"
        guard let poll = read("/sys/module/haltpoll/parameters/guest_halt_poll_ns") else {
            return "cpuidle driver \(driver)"
        }
        return "cpuidle driver \(driver), guest_halt_poll_ns \(poll) (the kernel's default is 200000)"
    }

    private static func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
