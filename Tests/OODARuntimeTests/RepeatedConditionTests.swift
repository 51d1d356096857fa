import Testing

@testable import OODARuntime

@Suite struct RepeatedConditionTests {
    @Test func aConditionIsReportedWhenItBeginsChangesAndEndsOnly() {
        var condition = RepeatedCondition()
        let reasons: [String?] = [nil, "refused", "refused", "refused", "timed out", "timed out", nil, nil, "refused"]
        let changes = reasons.map { condition.note($0) }
        #expect(
            changes == [
                nil, .began, nil, nil, .changed(from: "refused"), nil, .ended(times: 5), nil, .began,
            ]
        )
        #expect(condition.reason == "refused")
        #expect(condition.times == 1)
    }
}
