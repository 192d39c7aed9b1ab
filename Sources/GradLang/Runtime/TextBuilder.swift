/// Text that Grad assembles piece by piece (`str`, interpolation, `print`), held to
/// `Limits.maxStringLength` as it grows: a result that would be too long is refused once it
/// passes the limit, instead of being built in full first. Each piece counts as a step, so
/// the step limit and Ctrl-C reach inside a long formatting job.
struct TextBuilder {
    private(set) var text = ""
    /// Characters (Unicode scalars) so far.
    private var length = 0
    let context: Context

    init(_ context: Context) {
        self.context = context
    }

    mutating func append(_ piece: String) throws {
        try context.tick()
        length += piece.unicodeScalars.count
        let limit = context.limits.maxStringLength
        guard length <= limit else { throw ValueLimits.stringLengthError(nil, limit: limit) }
        text += piece
    }
}
