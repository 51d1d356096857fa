import CTimerFD
import Glibc

/// What the group-commit flusher sleeps on: a monotonic timer that an append arms for its group's deadline, and a
/// signal for what cannot wait (a full group, close).
///
/// Arming the timer is one system call on the appending thread and wakes nobody; the kernel wakes the flusher once
/// per group, when its delay is up. Signalling the flusher at the first append of a group instead would wake it
/// only to start waiting, a second thread taking a CPU just as the stage publishes.
final class FlusherAlarm: Sendable {
    private let timer: Int32
    private let signalDescriptor: Int32

    /// - Throws: ``EventLogError/Code/io`` if the system has no descriptors left.
    init(path: String) throws(EventLogError) {
        let timer = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        guard timer >= 0 else {
            throw EventLogError(.io, path: path, errno: errno, "cannot make the group-commit timer")
        }
        let signal = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard signal >= 0 else {
            let failure = errno
            Glibc.close(timer)
            throw EventLogError(.io, path: path, errno: failure, "cannot make the group-commit signal")
        }
        self.timer = timer
        self.signalDescriptor = signal
    }

    deinit {
        Glibc.close(timer)
        Glibc.close(signalDescriptor)
    }

    /// Nanoseconds on the monotonic clock the timer runs on.
    static func monotonicNanos() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Sets the timer to go off at `deadline` (monotonic nanoseconds; at once if it has passed), replacing any
    /// earlier setting.
    func arm(atMonotonicNanos deadline: Int64) {
        let seconds = max(0, deadline) / 1_000_000_000
        let nanoseconds = max(0, deadline) % 1_000_000_000
        // A zero it_value would disarm the timer: a deadline of exactly zero is moved by a nanosecond.
        var setting = itimerspec(
            it_interval: timespec(tv_sec: 0, tv_nsec: 0),
            it_value: timespec(tv_sec: Int(seconds), tv_nsec: Int(max(nanoseconds, seconds == 0 ? 1 : 0)))
        )
        _ = timerfd_settime(timer, Int32(TFD_TIMER_ABSTIME), &setting, nil)
    }

    /// Wakes the flusher now.
    func signal() {
        var one: UInt64 = 1
        _ = write(signalDescriptor, &one, 8)
    }

    /// Blocks until the timer goes off or the flusher is signalled, and consumes both.
    func wait() {
        var descriptors = [
            pollfd(fd: timer, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signalDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        // EINTR and spurious returns are harmless: the flusher looks at its state and waits again.
        _ = poll(&descriptors, 2, -1)
        var count: UInt64 = 0
        if descriptors[0].revents != 0 { _ = read(timer, &count, 8) }
        if descriptors[1].revents != 0 { _ = read(signalDescriptor, &count, 8) }
    }
}
