extension Interpreter {
    /// Whether `source` stops in the middle of a statement (an open bracket or block, a
    /// trailing operator), so that a prompt should read another line before running it.
    /// Only parses; nothing runs. A complete statement, and one with any other syntax
    /// error, is not unfinished: running it shows its value or its error.
    public static func isUnfinished(_ source: String) -> Bool {
        let file = SourceFile(name: "<input>", text: source)
        // Parsing deeply nested brackets recurses; the evaluation thread has the stack for it.
        let unfinished = try? EvaluationThread.run { () -> Bool in
            do {
                _ = try Parser.parse(file)
                return false
            } catch let error as GradError {
                return error.isIncomplete
            }
        }
        return unfinished ?? false
    }
}
