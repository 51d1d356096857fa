import OODACore
import Testing

/// Action and MessageKind compare and hash by case rather than by name: the results must stay those of their
/// cases, in `allCases` order.
@Suite struct CaseIdentityTests {
    @Test func actionsOrderCompareAndHashByCase() {
        let cases = Action.allCases
        for (i, lhs) in cases.enumerated() {
            for (j, rhs) in cases.enumerated() {
                #expect((lhs < rhs) == (i < j), "\(lhs) < \(rhs)")
                #expect((lhs == rhs) == (i == j), "\(lhs) == \(rhs)")
            }
        }
        #expect(cases.shuffled().sorted() == cases)
        #expect(Set(cases).count == cases.count)
        let table = Dictionary(uniqueKeysWithValues: cases.map { ($0, $0.rawValue) })
        #expect(cases.allSatisfy { table[$0] == $0.rawValue && Action(rawValue: $0.rawValue) == $0 })
    }

    @Test func messageKindsCompareAndHashByCase() {
        let cases = MessageKind.allCases
        for (i, lhs) in cases.enumerated() {
            for (j, rhs) in cases.enumerated() {
                #expect((lhs == rhs) == (i == j), "\(lhs) == \(rhs)")
            }
        }
        let set = Set(cases)
        #expect(set.count == cases.count)
        #expect(cases.allSatisfy { set.contains($0) && MessageKind(topic: $0.topic) == $0 })
        #expect(!Set([MessageKind.decision]).contains(.orientation))
    }
}
