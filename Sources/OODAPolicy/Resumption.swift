import OODACore

extension Orienter {
    /// What the orient stage does after a restart, and so what replay does to reproduce it: resume from the last
    /// orientation when it fits the configuration, else start fresh.
    ///
    /// - Returns: the orienter, and why resuming failed when it started fresh instead.
    /// - Throws: ``PolicyError`` when even a fresh orienter cannot be made (the configuration is invalid).
    public static func resumingIfPossible(
        configuration: OrientConfiguration,
        from last: Orientation?
    ) throws(PolicyError) -> (Orienter, resumeFailure: PolicyError?) {
        do {
            return (try Orienter(configuration: configuration, resumingFrom: last), nil)
        } catch {
            return (try Orienter(configuration: configuration), error)
        }
    }
}

extension DecisionEngine {
    /// What the decide stage does after a restart, and so what replay does to reproduce it: resume from the last
    /// decision when it was made by the same policy, else start fresh.
    ///
    /// - Returns: the engine, and why resuming failed when it started fresh instead.
    /// - Throws: ``PolicyError`` when even a fresh engine cannot be made (the configuration is invalid).
    public static func resumingIfPossible(
        configuration: DecisionConfiguration,
        from last: Decision?
    ) throws(PolicyError) -> (DecisionEngine, resumeFailure: PolicyError?) {
        do {
            return (try DecisionEngine(configuration: configuration, resumingFrom: last), nil)
        } catch {
            return (try DecisionEngine(configuration: configuration), error)
        }
    }
}
