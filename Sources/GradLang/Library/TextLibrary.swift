/// Output and conversions to text.
enum TextLibrary {
    static let builtins: [Builtin] = [print, str, type]

    static let print = Builtin("print", arguments: 0...Int.max, options: ["full"],
                               signature: "print(a, b, ...), print(v, full: true)",
                               summary: "Writes its arguments separated by one space, then a new line. A vector of "
                                   + "more than 1000 numbers shows only its ends, [0, 1, 2, …, 997, 998, 999], "
                                   + "unless full: true.",
                               example: "print(\"x =\", 2, [1, 2])\nprint(range(5000))",
                               differentiation: .noNumber) { call in
        let full = try call.boolOption("full", default: false)
        let texts = try call.arguments.positional.map {
            try Formatting.format($0, spec: nil, summarised: !full, at: call.range, call.context)
        }
        try call.context.write(texts.joined(separator: " ") + "\n")
        return .none
    }

    static let str = Builtin("str", arguments: 1...2, signature: "str(x), str(x, spec)",
                             summary: "x as text, as print shows it; with a format spec such as \".3f\", "
                                 + "formatted like \"{x:.3f}\".",
                             example: "str(0.1 + 0.2)", differentiation: .noNumber) { call in
        var spec: String?
        if call.count == 2 {
            guard case .string(let s) = call[1] else { throw call.fail("the spec must be a string, like \".3f\"") }
            spec = s
        }
        return .string(try Formatting.format(call[0], spec: spec, at: call.range, call.context))
    }

    static let type = Builtin("type", arguments: 1...1, signature: "type(x)",
                              summary: "The kind of x: \"number\", \"bool\", \"string\", \"vector\", "
                                  + "\"function\" or \"none\".",
                              example: "type([1, 2])", differentiation: .noNumber) { call in
        .string(call[0].isVector ? "vector" : call[0].typeName)
    }
}
