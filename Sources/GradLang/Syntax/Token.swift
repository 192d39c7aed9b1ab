/// One piece of an interpolated string: literal text, or `{expression:spec}`.
enum StringPart: Equatable {
    case text(String)
    /// The expression's source and where it starts, so its errors point into the string.
    case interpolation(source: String, start: SourceLocation, spec: String?)
}

enum TokenKind: Equatable {
    case number(Double)
    case string([StringPart])
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case newline
    case end
}

enum Keyword: String, CaseIterable {
    case `if`, `else`, `for`, `in`, `while`, `break`, `continue`, `return`
    case `true`, `false`, `none`, and, or, not
}

enum Symbol: String, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case caret = "^", starStar = "**"
    case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equal = "=", plusEqual = "+=", minusEqual = "-=", starEqual = "*=", slashEqual = "/="
    case arrow = "->", dotDot = "..", comma = ",", semicolon = ";", colon = ":"
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}"

    /// Symbols after which a line break cannot end the statement.
    var continuesLine: Bool {
        switch self {
        case .rightParen, .rightBracket, .rightBrace, .semicolon: return false
        default: return true
        }
    }
}

struct Token {
    let kind: TokenKind
    let range: SourceRange

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case .number: return "number"
        case .string: return "string"
        case .identifier(let name): return "'\(name)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}
