import Foundation
import OODABus
import OODACore
import Testing
import ZeroMQ

/// Tasks that prefer a bus socket's I/O thread run on it (the stages handle each message on the thread that read
/// it), and go on running elsewhere once the socket is closed.
@Suite(.serialized)
struct IOThreadExecutorTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    /// The name of the calling OS thread (the bus names its I/O threads `ooda-pub` and `ooda-sub`).
    static func threadName() -> String {
        let comm = FileManager.default.contents(atPath: "/proc/thread-self/comm") ?? Data()
        return String(decoding: comm, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func tasksThatPreferTheIOThreadsRunOnThemAndOutliveThem() async throws {
        let publisher = try await ZeroMQPublisher(
            configuration: .init(endpoint: try BusFixtures.ipcEndpoint()),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [publisher.endpoint]),
            context: context,
            logger: BusFixtures.quietLogger
        )
        let consumer = Task(executorPreference: subscriber.executor) { () -> (String, String, Int) in
            var handledOn = ""
            var count = 0
            for await event in subscriber.events where !BusFixtures.isProbe(event) {
                handledOn = Self.threadName()
                count += 1
                if count == 3 { break }
            }
            // Closing from a task on the thread itself: the thread stops, and the task, suspended and resumed, goes
            // on elsewhere.
            await subscriber.close()
            await Task.yield()
            return (handledOn, Self.threadName(), count)
        }
        let publishedOn = try await withDeadline {
            try await withTaskExecutorPreference(publisher.executor) {
                try await BusFixtures.waitUntilLive(publisher, subscriber.events)
                for sequence in 1...3 { try await publisher.publish(BusFixtures.observation(UInt64(sequence))) }
                return Self.threadName()
            }
        }
        let (handledOn, afterClose, count) = try await withDeadline { await consumer.value }
        #expect(count == 3)
        #expect(handledOn == "ooda-sub")
        #expect(publishedOn == "ooda-pub")
        #expect(afterClose != "ooda-sub")
        // The publisher's thread stops too, and its task goes on elsewhere.
        let afterPublisherClose = try await withDeadline {
            await withTaskExecutorPreference(publisher.executor) {
                await publisher.close()
                await Task.yield()
                return Self.threadName()
            }
        }
        #expect(afterPublisherClose != "ooda-pub")
    }
}
