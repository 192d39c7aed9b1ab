import Foundation

/// Small pieces of the sentences errors are written in.
enum English {
    /// "1 argument", "3 arguments".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// How an error thrown by the host's own code (a host function, the output callback)
    /// reads inside a Grad message.
    static func describe(_ error: Error) -> String {
        if let error = error as? LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }
}
