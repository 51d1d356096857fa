import Glibc
import Testing
import ZeroMQ

@Suite struct ZMQPollerTests {
    let context: ZMQContext

    init() throws {
        context = try ZMQContext()
    }

    @Test func nothingReadyTimesOut() throws {
        let socket = try ZMQSocket(context, type: .pull)
        var poller = ZMQPoller()
        let item = poller.add(socket, events: .readable)
        #expect(try poller.poll(timeout: .zero) == 0)
        #expect(poller.readyEvents(at: item).isEmpty)
    }

    @Test func aPlainFileDescriptorWakesThePoll() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        let socket = try ZMQSocket(context, type: .pull)
        var poller = ZMQPoller()
        let socketItem = poller.add(socket, events: .readable)
        let pipeItem = poller.add(fileDescriptor: ends[0], events: .readable)
        #expect(try poller.poll(timeout: .zero) == 0)

        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        #expect(try poller.poll(timeout: nil) == 1)
        #expect(poller.readyEvents(at: pipeItem) == .readable)
        #expect(poller.readyEvents(at: socketItem).isEmpty)
    }

    @Test func aWakeSignalWakesThePollFromAnotherThreadAndDrains() async throws {
        let wake = try ZMQWakeSignal()
        var poller = ZMQPoller()
        let item = poller.add(fileDescriptor: wake.fileDescriptor, events: .readable)
        #expect(try poller.poll(timeout: .zero) == 0)

        await Task.detached { wake.signal() }.value
        wake.signal()
        #expect(try poller.poll(timeout: nil) == 1)
        #expect(poller.readyEvents(at: item) == .readable)
        wake.drain()
        #expect(try poller.poll(timeout: .zero) == 0)
    }

    @Test func aSocketWithAMessageIsReadableAmongSeveral() throws {
        let quiet = try ZMQSocket(context, type: .pull)
        try quiet.bind("inproc://poll-quiet")
        let busy = try ZMQSocket(context, type: .pull)
        try busy.bind("inproc://poll-busy")
        let sender = try ZMQSocket(context, type: .push)
        try sender.connect("inproc://poll-busy")
        try sender.send([1])

        var poller = ZMQPoller()
        let quietItem = poller.add(quiet, events: .readable)
        let busyItem = poller.add(busy, events: .readable)
        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        #expect(poller.readyEvents(at: busyItem) == .readable)
        #expect(poller.readyEvents(at: quietItem).isEmpty)

        poller.setEvents([], at: busyItem)
        #expect(try poller.poll(timeout: .zero) == 0)
    }

    @Test func aPublisherIsWritable() throws {
        let publisher = try ZMQSocket(context, type: .publisher)
        var poller = ZMQPoller()
        let item = poller.add(publisher, events: .writable)
        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        #expect(poller.readyEvents(at: item) == .writable)
    }

    @Test func pollingAClosedSocketIsAnErrorNotACrash() throws {
        let socket = try ZMQSocket(context, type: .pull)
        var poller = ZMQPoller()
        poller.add(socket, events: .readable)
        socket.close()
        let error = try #require(throws: ZMQError.self) { try poller.poll(timeout: .zero) }
        #expect(error.code == .socketClosed)
    }
}
