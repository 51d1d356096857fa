import OODACore

extension Topology {
    /// Checks the own settings of every stage in the topology, as each stage checks them when it starts, without
    /// starting anything (no socket, no file, no connection).
    ///
    /// `ooda launch` runs it first: a mistake in any stage's settings then fails at once, with the file, line and
    /// field, instead of as a stage that crashes until the launcher gives up.
    ///
    /// - Throws: ``TopologyError`` or ``StageError`` naming the file and the field.
    public func checkStageSettings() throws {
        if stages[.observe] != nil { _ = try ObserveStage.settings(from: self) }
        if stages[.orient] != nil { _ = try OrientStage.settings(from: self) }
        if stages[.decide] != nil { _ = try DecideStage.settings(from: self) }
        if stages[.act] != nil { _ = try ActStage.settings(from: self) }
    }

    /// Checks the CURVE keys every process of the topology needs, when it has keys: each stage's pair, the
    /// tools' pair (the launcher's status subscribes with it) and at least one public certificate to admit.
    ///
    /// - Throws: ``CurveKeyError`` naming the key file.
    public func checkCurveKeys() throws {
        guard let keyring = curve?.keyring else { return }
        for stage in orderedStages { _ = try keyring.keyPair(of: stage.stage.rawValue) }
        _ = try keyring.keyPair(of: CurveKeyring.clientName)
        _ = try keyring.authorizedKeys()
    }
}
