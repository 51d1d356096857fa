import Synchronization
import ZeroMQ

/// Runs the jobs of tasks that prefer it on a bus I/O thread, between the thread's polls.
///
/// A task that consumes a subscriber's events with this executor as its preference
/// (`withTaskExecutorPreference(subscriber.executor)`) is resumed on the thread that received the message,
/// right after it was read: no hand-off to another thread, no wake-up to wait for. A publishing task that prefers
/// its publisher's executor queues envelopes that the same thread sends as soon as the task yields. The work such
/// a task does between suspensions holds the socket's reading or sending back, so it should be short: decoding,
/// computing, appending to a log. Once the thread has stopped, jobs go to the global concurrent executor.
public final class IOThreadExecutor: TaskExecutor, Sendable {
    private struct State {
        var jobs: [UnownedJob] = []
        /// The thread is about to poll, or polling: a new job must signal it.
        var idle = false
        var stopped = false
    }

    private let state = Mutex(State())
    private let wake: ZMQWakeSignal

    init(wake: ZMQWakeSignal) {
        self.wake = wake
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let (accepted, signal) = state.withLock { state -> (Bool, Bool) in
            guard !state.stopped else { return (false, false) }
            state.jobs.append(job)
            defer { state.idle = false }
            return (true, state.idle)
        }
        if !accepted {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        } else if signal {
            wake.signal()
        }
    }

    /// Runs the jobs queued so far, on the calling I/O thread; jobs they queue run at the next call.
    ///
    /// - Returns: whether it ran any.
    @discardableResult
    func runJobs(reusing buffer: inout [UnownedJob]) -> Bool {
        state.withLock { state in
            swap(&state.jobs, &buffer)
            state.idle = false
        }
        guard !buffer.isEmpty else { return false }
        let executor = asUnownedTaskExecutor()
        for job in buffer { job.runSynchronously(on: executor) }
        buffer.removeAll(keepingCapacity: true)
        return true
    }

    /// Whether jobs are waiting to run.
    var hasJobs: Bool {
        state.withLock { !$0.jobs.isEmpty }
    }

    /// Called by the thread before it polls: true if it may sleep until signalled, false if jobs are waiting.
    func sleepIfIdle() -> Bool {
        state.withLock { state in
            guard state.jobs.isEmpty else { return false }
            state.idle = true
            return true
        }
    }

    /// Called by the thread as it stops: the jobs still queued, and every later one, go to the global executor.
    func stop() {
        let jobs = state.withLock { state in
            state.stopped = true
            defer { state.jobs = [] }
            return state.jobs
        }
        for job in jobs { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }
}
