import Foundation

/// A block pasted at the prompt whose first lines have a syntax error. Its error is
/// reported once; the lines of the block still to come belong to the same broken entry, so
/// they are read and dropped instead of running one by one as top-level code (where `}`
/// and the body's lines would each give an error of their own).
enum PastedBlock {
    /// How many brackets `text` leaves open (negative: more closed than opened), leaving
    /// out strings and comments.
    static func openBrackets(in text: String) -> Int {
        var open = 0
        var inString = false
        var escaped = false
        var inComment = false
        for c in text {
            if inComment {
                if c == "\n" { inComment = false }
            } else if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else {
                switch c {
                case "\"": inString = true
                case "#": inComment = true
                case "(", "[", "{": open += 1
                case ")", "]", "}": open -= 1
                default: break
                }
            }
        }
        return open
    }

    /// Whether more lines are already waiting on the terminal: the rest of a paste, not a
    /// line the user has yet to type. Pasted text arrives at once; a short wait covers a
    /// terminal that sends it in pieces.
    static func moreInputWaiting() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 50) > 0 && descriptor.revents & Int16(POLLIN) != 0
    }
}
