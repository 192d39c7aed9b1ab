import Foundation

/// Keeps what a script prints, for a host that wants it as text rather than on standard
/// output. `output` runs on the evaluation thread, so what it writes to must be safe to
/// share; this is (a lock guards it).
///
///     let printed = CapturedOutput()
///     grad.output = printed.append
///     try grad.run("print(1 + 1)")
///     printed.text     // "2\n"
public final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    public init() {}

    /// Each piece `output` received, in order (one per `print`, each ending in a newline).
    public var pieces: [String] { lock.withLock { stored } }

    /// Everything received, joined.
    public var text: String { pieces.joined() }

    @Sendable public func append(_ piece: String) {
        lock.withLock { stored.append(piece) }
    }

    public func removeAll() {
        lock.withLock { stored.removeAll() }
    }
}
