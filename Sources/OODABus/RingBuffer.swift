/// A first-in, first-out buffer that reuses its storage, growing only when full.
///
/// The bus's queues hold at most a few thousand items and turn over millions; an array with `removeFirst` would
/// move every element on each take.
struct RingBuffer<Element> {
    private var storage: [Element?]
    private var head = 0
    private(set) var count = 0

    init(initialCapacity: Int) {
        storage = Array(repeating: nil, count: max(1, initialCapacity))
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = element
        count += 1
    }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head].take()
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    private mutating func grow() {
        var larger: [Element?] = Array(repeating: nil, count: storage.count * 2)
        for offset in 0..<count {
            larger[offset] = storage[(head + offset) % storage.count].take()
        }
        storage = larger
        head = 0
    }
}
