/// An argument of a built-in named something undefined: advice that fits where it stands.
enum ArgumentAdvice {
    /// `argument` is the node that failed, at `position`; `call` the call it is part of.
    static func explain(_ error: GradError, argument: Node, at position: Int, in call: CallNode, of builtin: Builtin,
                        _ globals: Globals) -> GradError {
        if position == 0, builtin.takesFunction {
            return FunctionAdvice.explain(error, argument: argument.range, namesRead: call.globalNamesInFirstArgument,
                                          of: builtin.name, globals)
        }
        if position == builtin.parameterNameArgument, case .undefinedName(let name, _) = error.diagnostic,
           (argument as? GlobalGetNode)?.name == name {
            return quoteParameterName(name, error, of: builtin, at: argument.range)
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
