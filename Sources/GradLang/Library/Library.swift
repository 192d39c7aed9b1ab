import Foundation

/// Everything a fresh interpreter knows: the constants and the built-in functions.
enum Library {
    static let builtins: [Builtin] = MathLibrary.builtins + VectorLibrary.builtins + SequenceLibrary.builtins
        + TextLibrary.builtins + CalculusLibrary.builtins + PlotLibrary.builtins

    static let constants: [(String, Double)] = [("pi", Double.pi), ("e", M_E), ("inf", .infinity), ("nan", .nan)]

    static func install(into globals: Globals) {
        for (name, value) in constants { globals.define(name, .number(value)) }
        for builtin in builtins { globals.define(builtin.name, .function(builtin)) }
    }
}
