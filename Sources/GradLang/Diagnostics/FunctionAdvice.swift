/// `grad(x^2 + y^2, [2, 3])`: the student wrote an expression where a function belongs.
/// The message shows the function they meant, built from their own expression.
enum FunctionAdvice {
    static func explain(_ error: GradError, argument range: SourceRange, of builtin: String,
                        _ globals: Globals) -> GradError {
        let expression = range.text
        let variables = undefinedNames(in: expression, range.file, globals)
        guard !variables.isEmpty else { return error }
        var explained = GradError.runtime(.expressionForFunction(builtin: builtin, variables: variables,
                                                                 expression: expression), at: range)
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
