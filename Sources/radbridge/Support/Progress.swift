import Foundation

/// A one-line counter on standard error, shown only when it is a terminal and the run is long.
struct Progress {
    let total: Int
    private let visible: Bool

    init(total: Int) {
        self.total = total
        visible = total >= 20 && isatty(STDERR_FILENO) == 1
    }

    func update(done: Int) {
        guard visible else { return }
        FileHandle.standardError.write(Data("\r\(done)/\(total) sent".utf8))
    }

    func clearLine() {
        guard visible else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func finish() {
        guard visible else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
