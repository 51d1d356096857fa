import Foundation

/// Shows the launcher's status: redrawn in place on a terminal, or a table whenever something changed when
/// standard output is a pipe or a file.
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
            let summary = statuses.map { "\($0.stage)=\($0.phase)" }.joined(separator: " ")
            guard previous.replace(with: summary) else { return }
            write(table + "\n")
        }
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
