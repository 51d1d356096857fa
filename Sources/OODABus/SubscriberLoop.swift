import Logging
import OODACore
import ZeroMQ

/// What a ``ZeroMQSubscriber`` with an I/O thread of its own runs there: the socket is created, used and closed on
/// that thread, and nowhere else. A subscriber hosted by a publisher runs the same ``SubscriberSession`` on the
/// publisher's thread (``PublisherLoop``).
struct SubscriberLoop: Sendable {
    let configuration: ZeroMQSubscriber.Configuration
    let context: ZMQContext
    let channel: EventChannel
    let wake: ZMQWakeSignal
    let executor: IOThreadExecutor
    let counters: BusCounters
    let logger: Logger

    func run(reportingConnectionTo connected: OneShot<BusError?>, stopping: StopRequest) {
        defer {
            // Jobs from now on run elsewhere; then the consumers are told the stream ended.
            executor.stop()
            channel.finish()
        }
        let session: SubscriberSession
        do {
            session = try SubscriberSession(self)
        } catch {
            connected.fulfil(error)
            return
        }
        connected.fulfil(nil)
        var poller = ZMQPoller()
        session.register(in: &poller)
        let wakeItem = poller.add(fileDescriptor: wake.fileDescriptor, events: .readable)
        var jobs: [UnownedJob] = []
        do {
            while !stopping.isRequested {
                // Consumers that prefer this thread handle what was read before anything more is read.
                executor.runJobs(reusing: &jobs)
                if try session.readAvailable() > 0 { continue }
                session.prepareToSleep(&poller)
                guard executor.sleepIfIdle() else { continue }
                _ = try poller.poll(timeout: session.nextRetry.map { max(.zero, $0 - .now) })
                if poller.readyEvents(at: wakeItem).contains(.readable) { wake.drain() }
                try session.serviceReady(poller)
            }
        } catch {
            logger.error("subscriber stopped: the socket failed", metadata: ["error": "\(error)"])
        }
    }
}
