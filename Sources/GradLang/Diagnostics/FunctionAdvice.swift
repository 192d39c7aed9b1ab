/// `grad(x^2 + y^2, [2, 3])`: the student wrote an expression where a function belongs.
/// The message shows the function they meant, built from their own expression.
enum FunctionAdvice {
    static func explain(_ error: GradError, argument range: SourceRange, of builtin: String,
                        _ globals: Globals) -> GradError {
        let expression = range.text
        let variables = undefinedNames(in: expression, range.file, globals)
        guard !variables.isEmpty else { return error }
        let parameters = variables.count == 1 ? variables[0] : "(" + variables.joined(separator: ", ") + ")"
        let inWhat = variables.count == 1 ? variables[0] : variables.dropLast().joined(separator: ", ")
            + " and " + variables.last!
        var explained = GradError.runtime("\(builtin) needs a function, but its first argument is an expression "
                                          + "in \(inWhat), which \(variables.count == 1 ? "has" : "have") no value; "
                                          + "write it as a function: \(parameters) -> \(expression)", at: range)
        explained.callChain = error.callChain
        return explained
    }

    /// Names used in `expression` that are not defined, in order of first use.
    private static func undefinedNames(in expression: String, _ file: SourceFile, _ globals: Globals) -> [String] {
        var lexer = Lexer(file: file, text: expression)
        guard let tokens = try? lexer.tokenize() else { return [] }
        var names: [String] = []
        for case .identifier(let name) in tokens.map(\.kind)
        where globals.value(of: name) == nil && !names.contains(name) {
            names.append(name)
        }
        return names
    }
}
