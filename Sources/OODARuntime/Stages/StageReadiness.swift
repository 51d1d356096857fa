import Foundation

/// Tells the launcher a stage is ready: one line on standard output, flushed at once.
public enum StageReadiness {
    /// The line the launcher waits for.
    public static let line = StageChild.readyLine

    /// Prints the ready line once the stage has opened its log, bound its publisher and subscribed.
    public static func announce() {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
