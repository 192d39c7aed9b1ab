/// `grad(x^2 + y^2, [2, 3])`: the student wrote an expression where a function belongs.
/// The message shows the function they meant, built from their own expression.
enum FunctionAdvice {
    /// `namesRead`: the global names the argument reads, in order of first use (lowering
    /// records them, `CallNode.globalNamesInFirstArgument`); those without a value are the
    /// variables the student meant.
    static func explain(_ error: GradError, argument range: SourceRange, namesRead: [String], of builtin: String,
                        _ globals: Globals) -> GradError {
        let variables = namesRead.filter { globals.value(of: $0) == nil }
        guard !variables.isEmpty else { return error }
        var explained = GradError.runtime(.expressionForFunction(builtin: builtin, variables: variables,
                                                                 expression: range.text), at: range)
        explained.callChain = error.callChain
        return explained
    }
}
