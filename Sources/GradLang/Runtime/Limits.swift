/// Bounds that turn a runaway program into an error instead of a hang or a crash.
public struct Limits: Sendable {
    /// Loop iterations and calls one `run` may take; nil for no bound.
    public var maxSteps: Int? = nil
    /// Nested calls of Grad functions.
    public var maxCallDepth: Int = 10_000
    /// Elements of any one vector.
    public var maxVectorLength: Int = 10_000_000
    /// Characters (Unicode scalars) of any one string.
    public var maxStringLength: Int = 16 << 20

    public init() {}
}
