import Foundation

/// Shows the launcher's status: redrawn in place on a terminal, or, when standard output is a pipe, a file or
/// the journal, a table whenever something an operator follows changed (see ``changes(_:)``).
struct StatusDisplay {
    let board: LaunchStatusBoard
    private let isTerminal = isatty(1) == 1
    private let previous = PreviousText()

    init(board: LaunchStatusBoard) { self.board = board }

    func show() {
        let statuses = board.snapshot()
        let table = StatusTable.render(statuses, now: .now)
        if isTerminal {
            // Home the cursor and clear the screen, then draw.
            write("\u{1B}[H\u{1B}[2J" + table + "\n")
        } else {
            guard previous.replace(with: Self.changes(statuses)) else { return }
            write(table + "\n")
        }
    }

    /// What makes a new table worth printing when the output is not a terminal: a stage's state, a new run of
    /// it (a restart, even one quicker than the status interval), or a new action. Counters and uptimes
    /// change all the time and alone do not.
    static func changes(_ statuses: [StageStatus]) -> String {
        statuses.map { "\($0.stage)=\($0.phase) pid=\($0.pid ?? 0) action=\($0.lastAction ?? "")" }
            .joined(separator: " ")
    }

    /// Unbuffered, so a pipe or a file sees each table as soon as it is drawn.
    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// The last summary printed, so a non-terminal output only gets a table when something changed.
private final class PreviousText: @unchecked Sendable {
    // Used only by the one status task that owns the StatusDisplay.
    private var text = ""

    /// Stores the new text; returns whether it differs from the old.
    func replace(with new: String) -> Bool {
        defer { text = new }
        return new != text
    }
}
