import Testing

@testable import OODAObserve

@Suite struct CounterDeltaTests {
    @Test(
        arguments: [
            (UInt64(10), UInt64(25), UInt64(15)),  // plain increase
            (UInt64(5), UInt64(5), UInt64(0)),  // no change
            (UInt64(UInt32.max) - 9, UInt64(20), UInt64(30)),  // 32-bit wrap
            (UInt64.max - 4, UInt64(5), UInt64(10)),  // 64-bit wrap
            (UInt64(1_000_000), UInt64(300), UInt64(300)),  // reset of a 32-bit sized counter
            (UInt64(1) << 40, UInt64(7), UInt64(7)),  // reset of a 64-bit sized counter
        ]
    )
    func increaseIsRightAcrossWrapAndReset(previous: UInt64, current: UInt64, expected: UInt64) {
        #expect(CounterDelta.between(previous, current) == expected)
    }

    @Test func rateNeedsElapsedTime() {
        #expect(CounterDelta.rate(0, 500, elapsedNanos: 500_000_000) == 1000)
        #expect(CounterDelta.rate(0, 500, elapsedNanos: 0) == nil)
    }
}
