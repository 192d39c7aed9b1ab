/// An argument of a built-in named something undefined: advice that fits where it stands.
enum ArgumentAdvice {
    static func explain(_ error: GradError, argument range: SourceRange, at position: Int, of builtin: Builtin,
                        _ globals: Globals) -> GradError {
        if position == 0, builtin.takesFunction {
            return FunctionAdvice.explain(error, argument: range, of: builtin.name, globals)
        }
        if position == builtin.parameterNameArgument, case .undefinedName(let name, _) = error.diagnostic,
           range.text == name {
            return quoteParameterName(name, error, of: builtin, at: range)
        }
        return error
    }

    /// `partial(f, p, x)`: the parameter's name, meant as a string.
    private static func quoteParameterName(_ name: String, _ error: GradError, of builtin: Builtin,
                                           at range: SourceRange) -> GradError {
        var explained = GradError.runtime(.unquotedParameterName(name, builtin: builtin.name), at: range)
        explained.callChain = error.callChain
        return explained
    }
}
